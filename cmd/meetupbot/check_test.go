package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meetupbot/meetupbot"
	"github.com/meetupbot/meetupbot/bot/telegramtest"
	"github.com/meetupbot/meetupbot/storage"
)

func TestCheckAndVersion(t *testing.T) {
	fake := telegramtest.NewServer()
	t.Cleanup(fake.Close)
	path := filepath.Join(t.TempDir(), "meetupbot.db")
	env := map[string]string{"TELEGRAM_BOT_TOKEN": telegramtest.Token, "TELEGRAM_API_ENDPOINT": fake.Endpoint(), "DATABASE_PATH": path}
	getenv := func(k string) string { return env[k] }
	runCheck := func() (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"check"}, getenv, &out, &errOut)
		return code, out.String(), errOut.String()
	}

	code, out, errOut := runCheck()
	if code != exitOK || !strings.Contains(out, "not there yet") || !strings.Contains(out, "@"+fake.BotUser().UserName) {
		t.Errorf("check before the first start = %d:\n%s%s", code, out, errOut)
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Touch(context.Background(), meetupbot.Chat{ID: -1001, Type: "supergroup", Title: "Social Media Stammtisch"}, meetupbot.Member{ID: 1, FirstName: "Olga"})
	// A running bot holds the database; check still checks the token.
	code, out, _ = runCheck()
	if code != exitOK || !strings.Contains(out, "in use by a running meetupbot") {
		t.Errorf("check while the database is open = %d:\n%s", code, out)
	}
	db.Close()
	code, out, _ = runCheck()
	if code != exitOK || !strings.Contains(out, "1 groups") || !strings.Contains(out, "Social Media Stammtisch (-1001)") {
		t.Errorf("check = %d:\n%s", code, out)
	}
	env["TELEGRAM_BOT_TOKEN"] = "123:wrong"
	code, out, errOut = runCheck()
	if code != exitFailed || !strings.Contains(errOut, "check TELEGRAM_BOT_TOKEN") || strings.Contains(out+errOut, "123:wrong") {
		t.Errorf("check with a wrong token = %d:\n%s%s", code, out, errOut)
	}

	var version bytes.Buffer
	if code := run(context.Background(), []string{"version"}, getenv, &version, &version); code != exitOK || !strings.HasPrefix(version.String(), "meetupbot ") || !strings.Contains(version.String(), "go1.") {
		t.Errorf("version = %d, %q", code, version.String())
	}
}
