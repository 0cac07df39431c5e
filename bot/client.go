package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Connect builds the Telegram client for token at endpoint (tgbotapi's
// format, "https://api.telegram.org/bot%s/%s" when empty) and checks the
// token with getMe. Errors never carry the token.
func Connect(token, endpoint string, timeout time.Duration) (*tgbotapi.BotAPI, error) {
	if endpoint == "" {
		endpoint = tgbotapi.APIEndpoint
	}
	// The outbox and the answers to presses keep up to maxParallel requests
	// in flight; Go's default keeps two idle connections per host, so the
	// rest would open a new connection (a TLS handshake away) each time.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 2 * maxParallel
	client := &redactingClient{http: &http.Client{Timeout: timeout, Transport: transport}, token: token}
	api, err := tgbotapi.NewBotAPIWithClient(token, endpoint, client)
	if err != nil {
		return nil, fmt.Errorf("connect to telegram: %w", RedactError(err, token))
	}
	return api, nil
}

// redactingClient removes the token from the URL in transport errors, which
// tgbotapi would otherwise pass on to whoever logs them.
type redactingClient struct {
	http  *http.Client
	token string
}

func (c *redactingClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, RedactError(err, c.token)
	}
	return resp, nil
}

var tokenInPath = regexp.MustCompile(`/bot[^/]+/`)

// RedactError returns err with the token and any /bot<token>/ path hidden.
func RedactError(err error, token string) error {
	if err == nil {
		return nil
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return &url.Error{Op: urlErr.Op, URL: tokenInPath.ReplaceAllString(urlErr.URL, "/bot<redacted>/"), Err: redactedError{urlErr.Err, token}}
	}
	return redactedError{err, token}
}

type redactedError struct {
	err   error
	token string
}

func (e redactedError) Error() string {
	msg := e.err.Error()
	if e.token != "" {
		msg = strings.ReplaceAll(msg, e.token, "<redacted>")
	}
	return tokenInPath.ReplaceAllString(msg, "/bot<redacted>/")
}

func (e redactedError) Unwrap() error { return e.err }
