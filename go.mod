module github.com/meetupbot/meetupbot

go 1.26.0

require (
	github.com/go-telegram-bot-api/telegram-bot-api/v5 v5.5.1
	github.com/joho/godotenv v1.5.1
	github.com/piglig/go-qr v1.1.0
	github.com/robfig/cron/v3 v3.0.1
	go.etcd.io/bbolt v1.4.3
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.29.0 // indirect
