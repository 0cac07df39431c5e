package bot

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestRedactErrorHidesToken(t *testing.T) {
	const token = "123456:SECRET-token"
	tests := []error{
		&url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + token + "/getUpdates", Err: errors.New("connection refused")},
		errors.New("failed with " + token),
		&url.Error{Op: "Post", URL: "http://127.0.0.1:1/bot" + token + "/sendMessage", Err: errors.New("dial " + token)},
	}
	for _, err := range tests {
		got := RedactError(err, token).Error()
		if strings.Contains(got, token) || strings.Contains(got, "SECRET") {
			t.Errorf("RedactError(%q) = %q, still holds the token", err, got)
		}
		if !errors.Is(RedactError(err, token), errors.Unwrap(err)) && errors.Unwrap(err) != nil {
			t.Errorf("RedactError(%q) lost the wrapped error", err)
		}
	}
	if RedactError(nil, token) != nil {
		t.Errorf("RedactError(nil) != nil")
	}
}

func TestConnectErrorHasNoToken(t *testing.T) {
	const token = "123456:SECRET-token"
	_, err := Connect(token, "http://127.0.0.1:1/bot%s/%s", 0)
	if err == nil {
		t.Fatal("Connect to a closed port succeeded")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("Connect error holds the token: %v", err)
	}
}
