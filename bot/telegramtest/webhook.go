package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// webhook is a webhook the bot set: Telegram then posts updates to it
// instead of answering getUpdates.
type webhook struct {
	url, secret string
	// target is where the fake really posts: the bot behind its proxy.
	target string
	stop   chan struct{}
}

// WebhookPorts are the ports Telegram posts webhooks to.
var webhookPorts = map[string]bool{"": true, "443": true, "80": true, "88": true, "8443": true}

// RouteWebhook makes the fake post updates for a public webhook URL to a
// local address, as the reverse proxy in front of a bot does.
func (s *Server) RouteWebhook(public, local string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.routes == nil {
		s.routes = map[string]string{}
	}
	s.routes[public] = local
}

// setWebhook checks the URL as Telegram does (https, one of its ports, a
// secret of 1-256 characters of A-Za-z0-9_-) and starts delivering.
func (s *Server) setWebhook(p url.Values) (any, *apiError) {
	raw := p.Get("url")
	if raw == "" {
		return s.deleteWebhook()
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if !webhookPorts[u.Port()] {
		return nil, badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	secret := p.Get("secret_token")
	if len(secret) > 256 || strings.Trim(secret, startPayloadChars) != "" {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.allow(p.Get("allowed_updates"))
	if s.hook != nil {
		close(s.hook.stop)
	}
	target := raw
	for public, local := range s.routes {
		if strings.HasPrefix(raw, public) {
			target = local + strings.TrimPrefix(raw, public)
		}
	}
	s.hook = &webhook{url: raw, secret: secret, target: target, stop: make(chan struct{})}
	go s.deliver(s.hook)
	return true, nil
}

func (s *Server) deleteWebhook() (any, *apiError) {
	if s.hook != nil {
		close(s.hook.stop)
		s.hook = nil
	}
	return true, nil
}

// startPayloadChars are the characters Telegram allows in secrets and
// start payloads.
const startPayloadChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

// WebhookInfo is what getWebhookInfo would say: the URL, and how many
// updates wait for delivery.
func (s *Server) WebhookInfo() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return "", len(s.updates)
	}
	return s.hook.url, len(s.updates)
}

// deliver posts updates to the webhook one at a time, in order, each until
// the bot answers 200; an update answered otherwise, or not at all, is
// posted again a little later, as Telegram does (the Bot API reference:
// "In case of an unsuccessful request, we will give up after a reasonable
// amount of attempts"; the fake keeps trying, so a bot that never answers
// 200 holds up every update after it).
func (s *Server) deliver(h *webhook) {
	client := &http.Client{Timeout: 30 * time.Second}
	for {
		s.mu.Lock()
		var next *pending
		for i := range s.updates {
			if s.wanted(s.updates[i].update) && s.updates[i].update.UpdateID > s.confirmed {
				next = &s.updates[i]
				break
			}
		}
		var body []byte
		var id int
		if next != nil {
			body, id = next.wire(), next.update.UpdateID
			if q := next.update.CallbackQuery; q != nil {
				if _, seen := s.delivered[q.ID]; !seen {
					s.delivered[q.ID] = time.Now()
				}
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if next == nil {
			select {
			case <-changed:
				continue
			case <-h.stop:
				return
			case <-s.closing:
				return
			}
		}
		req, _ := http.NewRequest(http.MethodPost, h.target, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if h.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
		}
		resp, err := client.Do(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
			resp.Body.Close()
		}
		s.mu.Lock()
		s.hookAnswers[id] = append(s.hookAnswers[id], status)
		s.mu.Unlock()
		ok := status == http.StatusOK
		if !ok {
			select {
			case <-time.After(100 * time.Millisecond):
				continue
			case <-h.stop:
				return
			case <-s.closing:
				return
			}
		}
		s.mu.Lock()
		if id > s.confirmed {
			s.confirmed = id
		}
		kept := s.updates[:0]
		for _, u := range s.updates {
			if u.update.UpdateID > s.confirmed {
				kept = append(kept, u)
			}
		}
		s.updates = kept
		s.notify()
		s.mu.Unlock()
	}
}

// PostUpdate posts one raw update to the bot's webhook as somebody might,
// with the secret header given (none when empty), and returns the HTTP
// status: a test of what the bot does with requests not from Telegram.
func (s *Server) PostUpdate(secret string, update any) int {
	s.mu.Lock()
	h := s.hook
	s.mu.Unlock()
	if h == nil {
		return 0
	}
	body, _ := json.Marshal(update)
	req, _ := http.NewRequest(http.MethodPost, h.target, bytes.NewReader(body))
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (s *Server) webhookSet() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook != nil
}

// WebhookAnswers are the HTTP statuses the bot answered each post of an
// update to its webhook with, in order (0 where it did not answer).
func (s *Server) WebhookAnswers(updateID int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.hookAnswers[updateID])
}

// WebhookSecret is the secret the bot set with its webhook.
func (s *Server) WebhookSecret() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return ""
	}
	return s.hook.secret
}

// LastUpdateID is the id of the update queued last.
func (s *Server) LastUpdateID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextUpdate
}
