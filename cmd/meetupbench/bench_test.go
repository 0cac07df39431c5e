package main

import (
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// The bench starts its own binary as the bare loop; under go test that
	// binary is this test.
	if os.Getenv(roleEnv) == "bare" {
		os.Exit(runBare())
	}
	os.Exit(m.Run())
}

// TestSmallRunIsExact runs every scenario once at a small size, so the
// benchmark cannot rot, and checks what can be checked on a noisy machine:
// every press answered, exact final counts, and every row present. Speed is
// reported, never asserted.
func TestSmallRunIsExact(t *testing.T) {
	var progress strings.Builder
	report, err := Run(SmallSizes, "", &progress)
	if err != nil {
		t.Fatalf("Run: %v\nprogress:\n%s", err, progress.String())
	}
	t.Log("\n" + report.Table())
	for _, row := range report.Rows {
		if !row.Exact {
			t.Errorf("%s, %s: final counts %s", row.Scenario, row.Runner, row.Final)
		}
	}
	for _, want := range []string{"burst, 100 members", "burst, 300 members", "4 groups × 25 members", "churn, 60 members", "cold start", "render /attendees", "render /next", "storage floor",
		"burst, 70 members, 40ms round trip", "burst, 200 members, 40ms round trip", "private reminders to 60 members", "busy group"} {
		if !strings.Contains(report.Table(), want) {
			t.Errorf("the table has no row for %q", want)
		}
	}
	bot := report.Rows[0]
	if bot.Bare == nil || bot.Bare.Count != bot.Count || len(bot.Latencies) != bot.Count {
		t.Errorf("burst row %+v lacks its bare-loop baseline or latencies", bot)
	}
}

func TestSimulateChurnIsTheOracle(t *testing.T) {
	// 4 members, 3 places: after y, n, m, g each is going with a guest
	// (party 2); the final y keeps the guest. One party fits, the other
	// three parties wait.
	got := simulateChurn(4, 3)
	if got.Going != 1 || got.Guests != 1 || got.WaitingPeople != 6 {
		t.Errorf("simulateChurn(4, 3) = %+v, want 1 going with 1 guest and 6 waiting", got)
	}
}
