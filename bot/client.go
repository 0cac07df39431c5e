package bot

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ErrUnknownToken means Telegram answered getMe with 401 or 404: the token
// is wrong, revoked, or belongs to no bot.
var ErrUnknownToken = errors.New("Telegram does not know this token: check TELEGRAM_BOT_TOKEN")

// Client is tgbotapi's client with errors that always say something:
// Telegram (or a proxy in front of it) may answer an error without a
// description, which tgbotapi passes on as an empty message.
type Client struct {
	*tgbotapi.BotAPI
	// lastSuccess is when a call last succeeded, in Unix nanoseconds,
	// shared by the copies of the client.
	lastSuccess *atomic.Int64
	// Observe, when set, is told of every call: the method, the HTTP
	// status (0 when Telegram was not reached) and a 429's retry_after.
	Observe func(method string, status, retryAfter int)
}

// LastSuccess is when a Bot API call last succeeded.
func (c Client) LastSuccess() time.Time {
	if c.lastSuccess == nil || c.lastSuccess.Load() == 0 {
		return time.Time{}
	}
	return time.Unix(0, c.lastSuccess.Load())
}

// record notes a call's outcome, and returns its error with a text.
func (c Client) record(method string, err error) error {
	err = describe(err)
	status, retryAfter := 200, 0
	var apiErr *tgbotapi.Error
	switch {
	case errors.As(err, &apiErr):
		status, retryAfter = apiErr.Code, apiErr.RetryAfter
	case err != nil:
		status = 0
	}
	if err == nil && c.lastSuccess != nil {
		c.lastSuccess.Store(time.Now().UnixNano())
	}
	if c.Observe != nil {
		c.Observe(method, status, retryAfter)
	}
	return err
}

// MakeRequest calls a Bot API method.
func (c Client) MakeRequest(endpoint string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	resp, err := c.BotAPI.MakeRequest(endpoint, params)
	return resp, c.record(endpoint, err)
}

// UploadFiles calls a Bot API method with files, as multipart/form-data.
func (c Client) UploadFiles(endpoint string, params tgbotapi.Params, files []tgbotapi.RequestFile) (*tgbotapi.APIResponse, error) {
	resp, err := c.BotAPI.UploadFiles(endpoint, params, files)
	return resp, c.record(endpoint, err)
}

// Request sends a tgbotapi config.
func (c Client) Request(config tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	resp, err := c.BotAPI.Request(config)
	return resp, c.record(configMethod(config), err)
}

// configMethod names the Bot API method of a tgbotapi config, which keeps
// it unexported.
func configMethod(config tgbotapi.Chattable) string {
	switch config.(type) {
	case tgbotapi.CallbackConfig:
		return "answerCallbackQuery"
	case tgbotapi.SetMyCommandsConfig:
		return "setMyCommands"
	}
	return "other"
}

// GetChatAdministrators lists a group's administrators.
func (c Client) GetChatAdministrators(config tgbotapi.ChatAdministratorsConfig) ([]tgbotapi.ChatMember, error) {
	admins, err := c.BotAPI.GetChatAdministrators(config)
	return admins, c.record("getChatAdministrators", err)
}

// GetChatMember asks for a member's status in a chat.
func (c Client) GetChatMember(config tgbotapi.GetChatMemberConfig) (tgbotapi.ChatMember, error) {
	m, err := c.BotAPI.GetChatMember(config)
	return m, c.record("getChatMember", err)
}

func describe(err error) error {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && apiErr.Message == "" {
		apiErr.Message = fmt.Sprintf("Telegram answered %d without a description", apiErr.Code)
	}
	return err
}

// Connect builds the Telegram client for token at endpoint (tgbotapi's
// format, "https://api.telegram.org/bot%s/%s" when empty) and checks the
// token with getMe. Errors never carry the token.
func Connect(token, endpoint string, timeout time.Duration) (Client, error) {
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
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && (apiErr.Code == 401 || apiErr.Code == 404) {
		return Client{}, ErrUnknownToken
	}
	if err != nil {
		return Client{}, fmt.Errorf("connect to telegram: %w", RedactError(describe(err), token))
	}
	last := &atomic.Int64{}
	last.Store(time.Now().UnixNano())
	return Client{BotAPI: api, lastSuccess: last}, nil
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
