package telegramtest

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Limits are the sending limits the fake enforces once EnforceLimits is
// called, in the shape of Telegram's: a spacing per chat, a count per group
// in a window, a count overall in a window. Tests scale the times down so
// they run fast; the bot is given the same scaled limits.
type Limits struct {
	PerChat        time.Duration
	GroupPerWindow int
	GroupWindow    time.Duration
	Global         int
	GlobalWindow   time.Duration
}

// slack forgives this fraction of a limit: the fake sees when a request
// arrives, the bot paces when it sends, and loopback adds a little jitter.
const slack = 10

// sendMethods are the calls Telegram counts against the limits.
var sendMethods = map[string]bool{
	"sendMessage": true, "editMessageText": true, "editMessageReplyMarkup": true,
	"deleteMessage": true, "pinChatMessage": true, "sendDocument": true, "sendPhoto": true, "sendPoll": true, "stopPoll": true,
}

type limiter struct {
	limits     *Limits
	perChat    map[int64][]time.Time
	global     []time.Time
	throttle   int
	retryAfter int
	// waitUntil is when a chat told to retry after a 429 may be sent to.
	waitUntil  map[int64]time.Time
	violations []string
}

// EnforceLimits makes the fake answer 429 to sends beyond l and count each
// as a violation.
func (s *Server) EnforceLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter.limits = &l
}

// Throttle makes the next n sends answer 429 with retry_after seconds, as a
// storm of flood-control answers does. A send to the same chat before that
// time has passed is a violation.
func (s *Server) Throttle(n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter.throttle, s.limiter.retryAfter = n, retryAfter
}

// Violations lists every send that broke a limit or ignored a retry_after.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.limiter.violations...)
}

// admit decides whether a send may go through now; s.mu is held.
func (l *limiter) admit(method string, p url.Values, now time.Time) *apiError {
	if !sendMethods[method] {
		return nil
	}
	chatID, _ := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if until, ok := l.waitUntil[chatID]; ok && now.Before(until) {
		l.violations = append(l.violations, fmt.Sprintf("%s to chat %d %v before retry_after ended", method, chatID, until.Sub(now)))
		return tooMany(int(until.Sub(now)/time.Second) + 1)
	}
	if l.throttle > 0 {
		l.throttle--
		l.waitUntil[chatID] = now.Add(time.Duration(l.retryAfter) * time.Second)
		return tooMany(l.retryAfter)
	}
	if l.limits == nil {
		return nil
	}
	lim := *l.limits
	recent := l.perChat[chatID]
	if n := len(recent); n > 0 && now.Sub(recent[n-1]) < lim.PerChat*(100-slack)/100 {
		return l.violate(fmt.Sprintf("%s to chat %d %v after the previous one", method, chatID, now.Sub(recent[n-1])))
	}
	if chatID < 0 && lim.GroupPerWindow > 0 && countSince(recent, now.Add(-lim.GroupWindow*(100-slack)/100)) >= lim.GroupPerWindow {
		return l.violate(fmt.Sprintf("%s to group %d: more than %d in %v", method, chatID, lim.GroupPerWindow, lim.GroupWindow))
	}
	if lim.Global > 0 && countSince(l.global, now.Add(-lim.GlobalWindow*(100-slack)/100)) >= lim.Global {
		return l.violate(fmt.Sprintf("%s: more than %d sends in %v overall", method, lim.Global, lim.GlobalWindow))
	}
	l.perChat[chatID] = append(trimBefore(recent, now.Add(-lim.GroupWindow)), now)
	l.global = append(trimBefore(l.global, now.Add(-lim.GlobalWindow)), now)
	return nil
}

func (l *limiter) violate(what string) *apiError {
	l.violations = append(l.violations, what)
	return tooMany(1)
}

func tooMany(retryAfter int) *apiError {
	return &apiError{code: 429, description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), retryAfter: retryAfter}
}

func countSince(times []time.Time, since time.Time) int {
	n := 0
	for _, t := range times {
		if t.After(since) {
			n++
		}
	}
	return n
}

func trimBefore(times []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(times) && times[i].Before(cut) {
		i++
	}
	return times[i:]
}
