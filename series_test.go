package meetupbot

import (
	"testing"
	"time"
)

func TestRuleNext(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, berlin) }
	tests := []struct {
		name string
		rule Rule
		prev time.Time
		want time.Time
	}{
		{"every 2 months on the 2nd thursday", Rule{Every: 2, Unit: Months, Nth: 2, Weekday: time.Thursday}, at(2026, 12, 10, 19), at(2027, 2, 11, 19)},
		{"monthly on the last friday", Rule{Every: 1, Unit: Months, Nth: LastWeek, Weekday: time.Friday}, at(2026, 12, 25, 19), at(2027, 1, 29, 19)},
		{"last friday in a month with five", Rule{Every: 1, Unit: Months, Nth: LastWeek, Weekday: time.Friday}, at(2027, 3, 26, 19), at(2027, 4, 30, 19)},
		{"1st monday when the month starts on one", Rule{Every: 1, Unit: Months, Nth: 1, Weekday: time.Monday}, at(2027, 1, 4, 19), at(2027, 2, 1, 19)},
		{"every 4 weeks across spring forward keeps 19:00", Rule{Every: 4, Unit: Weeks}, at(2027, 3, 11, 19), at(2027, 4, 8, 19)},
		{"every 4 weeks across fall back keeps 19:00", Rule{Every: 4, Unit: Weeks}, at(2026, 10, 15, 19), at(2026, 11, 12, 19)},
		{"monthly on the 31st in February", Rule{Every: 1, Unit: Months, Day: 31}, at(2027, 1, 31, 19), at(2027, 2, 28, 19)},
		{"monthly on the 31st returns to it", Rule{Every: 1, Unit: Months, Day: 31}, at(2027, 2, 28, 19), at(2027, 3, 31, 19)},
		{"every 12 months over a year end", Rule{Every: 12, Unit: Months, Nth: 2, Weekday: time.Thursday}, at(2026, 12, 10, 19), at(2027, 12, 9, 19)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.rule.Validate(); err != nil {
				t.Fatalf("%+v.Validate() = %v", tt.rule, err)
			}
			if got := tt.rule.Next(tt.prev, berlin); !got.Equal(tt.want) {
				t.Errorf("%+v.Next(%v) = %v, want %v", tt.rule, tt.prev, got, tt.want)
			}
		})
	}
}

func TestRuleNextAfterSkipsThePast(t *testing.T) {
	rule := Rule{Every: 1, Unit: Weeks}
	prev := time.Date(2026, 1, 1, 19, 0, 0, 0, time.UTC)
	now := time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)
	if got, want := rule.NextAfter(prev, now, time.UTC), time.Date(2026, 1, 22, 19, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("NextAfter = %v, want %v", got, want)
	}
}

func TestRuleValidate(t *testing.T) {
	bad := []Rule{
		{},
		{Every: 0, Unit: Weeks},
		{Every: 53, Unit: Weeks},
		{Every: 1, Unit: Weeks, Nth: 1},
		{Every: 13, Unit: Months, Day: 1},
		{Every: 1, Unit: Months},
		{Every: 1, Unit: Months, Nth: 5, Weekday: time.Monday},
		{Every: 1, Unit: Months, Nth: -2, Weekday: time.Monday},
		{Every: 1, Unit: Months, Day: 32},
		{Every: 1, Unit: "days"},
	}
	for _, r := range bad {
		if err := r.Validate(); err == nil {
			t.Errorf("%+v.Validate() = nil, want an error", r)
		}
	}
}
