package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// runBare is the floor of the client library: the same tgbotapi client
// long-polls getUpdates in batches of 100 and answers each button press,
// storing nothing.
func runBare() int {
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(os.Getenv("TELEGRAM_BOT_TOKEN"), os.Getenv("TELEGRAM_API_ENDPOINT"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		return 1
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-stop
		os.Exit(0)
	}()
	offset := 0
	for {
		updates, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 50})
		if err != nil {
			continue
		}
		for _, u := range updates {
			if u.CallbackQuery != nil {
				api.Request(tgbotapi.NewCallback(u.CallbackQuery.ID, ""))
			}
			offset = u.UpdateID + 1
		}
	}
}
