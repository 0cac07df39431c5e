package bot

import (
	"fmt"

	"github.com/meetupbot/meetupbot"
)

// msgKey names a text that exists in every language.
type msgKey string

// Every text the bot sends. A test checks each exists in German and English
// with the same placeholders.
const (
	msgNotACommand      msgKey = "not_a_command"
	msgUnknownCommand   msgKey = "unknown_command"
	msgOrganizersOnly   msgKey = "organizers_only"
	msgNoGroupYet       msgKey = "no_group_yet"
	msgPickGroup        msgKey = "pick_group"
	msgEventNotFound    msgKey = "event_not_found"
	msgOtherGroup       msgKey = "other_group"
	msgNoUpcoming       msgKey = "no_upcoming"
	msgEventCancelled   msgKey = "event_cancelled"
	msgEventOver        msgKey = "event_over"
	msgNoRoomForGuest   msgKey = "no_room_for_guest"
	msgNoSpeaker        msgKey = "no_speaker"
	msgTooManySpeakers  msgKey = "too_many_speakers"
	msgInternalError    msgKey = "internal_error"
	msgGroupIntro       msgKey = "group_intro"
	msgWelcome          msgKey = "welcome"
	msgHelpMembers      msgKey = "help_members"
	msgHelpOrganizers   msgKey = "help_organizers"
	msgLanguageSet      msgKey = "language_set"
	msgEventCreated     msgKey = "event_created"
	msgEventUpdated     msgKey = "event_updated"
	msgOverbooked       msgKey = "overbooked"
	msgCancelledDone    msgKey = "cancelled_done"
	msgCancellation     msgKey = "cancellation"
	msgSpeakerAdded     msgKey = "speaker_added"
	msgSpeakerRemoved   msgKey = "speaker_removed"
	msgAnnounced        msgKey = "announced"
	msgPosted           msgKey = "posted"
	msgPromotedPrivate  msgKey = "promoted_private"
	msgPromotedGroup    msgKey = "promoted_group"
	toastOutdated       msgKey = "toast_outdated"
	toastWrongChat      msgKey = "toast_wrong_chat"
	toastEventGone      msgKey = "toast_event_gone"
	toastGoing          msgKey = "toast_going"
	toastGoingUnlimited msgKey = "toast_going_unlimited"
	toastWithGuests     msgKey = "toast_with_guests"
	toastWaiting        msgKey = "toast_waiting"
	toastMaybe          msgKey = "toast_maybe"
	toastDeclined       msgKey = "toast_declined"

	errBadDate            msgKey = "err_bad_date"
	errBadTime            msgKey = "err_bad_time"
	errDateInPast         msgKey = "err_date_in_past"
	errDateTooFar         msgKey = "err_date_too_far"
	errBadCapacity        msgKey = "err_bad_capacity"
	errEmptyField         msgKey = "err_empty_field"
	errTooLong            msgKey = "err_too_long"
	errNewEventParts      msgKey = "err_newevent_parts"
	errNeedDateTime       msgKey = "err_need_date_time"
	errBadGuests          msgKey = "err_bad_guests"
	errTooManyGuests      msgKey = "err_too_many_guests"
	errBadRSVPWord        msgKey = "err_bad_rsvp_word"
	errGuestsNeedYes      msgKey = "err_guests_need_yes"
	errSpeakerParts       msgKey = "err_speaker_parts"
	errBadLink            msgKey = "err_bad_link"
	errEditParts          msgKey = "err_edit_parts"
	errBadEventRef        msgKey = "err_bad_event_ref"
	errBadField           msgKey = "err_bad_field"
	errBadLanguage        msgKey = "err_bad_language"
	errNoArguments        msgKey = "err_no_arguments"
	errRemoveSpeakerParts msgKey = "err_removespeaker_parts"
	errBadSpeakerNumber   msgKey = "err_bad_speaker_number"

	fieldTitle       msgKey = "field_title"
	fieldVenue       msgKey = "field_venue"
	fieldSpeaker     msgKey = "field_speaker"
	fieldTopic       msgKey = "field_topic"
	fieldLink        msgKey = "field_link"
	fieldDescription msgKey = "field_description"
	fieldReason      msgKey = "field_reason"
	fieldText        msgKey = "field_text"

	usageStart         msgKey = "usage_start"
	usageHelp          msgKey = "usage_help"
	usageLanguage      msgKey = "usage_language"
	usageNext          msgKey = "usage_next"
	usageEvents        msgKey = "usage_events"
	usageRSVP          msgKey = "usage_rsvp"
	usageAttendees     msgKey = "usage_attendees"
	usageSpeakers      msgKey = "usage_speakers"
	usageNewEvent      msgKey = "usage_newevent"
	usageEditEvent     msgKey = "usage_editevent"
	usageCancelEvent   msgKey = "usage_cancelevent"
	usageAddSpeaker    msgKey = "usage_addspeaker"
	usageRemoveSpeaker msgKey = "usage_removespeaker"
	usageAnnounce      msgKey = "usage_announce"
	usagePost          msgKey = "usage_post"

	cardCancelled         msgKey = "card_cancelled"
	cardReason            msgKey = "card_reason"
	cardOver              msgKey = "card_over"
	cardSpeakers          msgKey = "card_speakers"
	cardGoing             msgKey = "card_going"
	cardOthers            msgKey = "card_others"
	cardGuests            msgKey = "card_guests"
	cardFree              msgKey = "card_free"
	cardUnlimited         msgKey = "card_unlimited"
	btnGoing              msgKey = "btn_going"
	btnMaybe              msgKey = "btn_maybe"
	btnDeclined           msgKey = "btn_declined"
	btnGuest              msgKey = "btn_guest"
	attGoing              msgKey = "att_going"
	attMaybe              msgKey = "att_maybe"
	attWaiting            msgKey = "att_waiting"
	attTotals             msgKey = "att_totals"
	attMore               msgKey = "att_more"
	attNobody             msgKey = "att_nobody"
	spkNone               msgKey = "spk_none"
	evListHeader          msgKey = "evlist_header"
	evListCounts          msgKey = "evlist_counts"
	evListCountsUnlimited msgKey = "evlist_counts_unlimited"

	msgPlanAnnounced      msgKey = "plan_announced"
	msgPlanNever          msgKey = "plan_never"
	msgPlanNow            msgKey = "plan_now"
	msgPlanAt             msgKey = "plan_at"
	msgAlreadyAnnounced   msgKey = "already_announced"
	msgRemindersSet       msgKey = "reminders_set"
	msgRemindersOff       msgKey = "reminders_off"
	msgRemindMeOn         msgKey = "remindme_on"
	msgRemindMeOff        msgKey = "remindme_off"
	msgRemindMeNotStarted msgKey = "remindme_not_started"
	msgPinOn              msgKey = "pin_on"
	msgPinOff             msgKey = "pin_off"
	msgTimeZone           msgKey = "timezone"
	msgTimeZoneSet        msgKey = "timezone_set"
	msgPostAdded          msgKey = "post_added"
	msgPostRemoved        msgKey = "post_removed"
	msgPostNotFound       msgKey = "post_not_found"
	msgTooManyPosts       msgKey = "too_many_posts"
	msgNoPosts            msgKey = "no_posts"
	msgPostsHeader        msgKey = "posts_header"
	msgPostNext           msgKey = "post_next"
	msgRepeatOn           msgKey = "repeat_on"
	msgRepeatOff          msgKey = "repeat_off"
	msgReminderStartBot   msgKey = "reminder_start_bot"
	reminderHeader        msgKey = "reminder_header"
	reminderYouGo         msgKey = "reminder_you_go"
	reminderYouMaybe      msgKey = "reminder_you_maybe"
	reminderHowToStop     msgKey = "reminder_how_to_stop"
	btnConfirm            msgKey = "btn_confirm"
	btnCancelVisit        msgKey = "btn_cancel_visit"
	durDay                msgKey = "dur_day"
	durDays               msgKey = "dur_days"
	durHour               msgKey = "dur_hour"
	durHours              msgKey = "dur_hours"
	durMinute             msgKey = "dur_minute"
	durMinutes            msgKey = "dur_minutes"
	ruleWeekly            msgKey = "rule_weekly"
	ruleEveryWeeks        msgKey = "rule_every_weeks"
	ruleMonthly           msgKey = "rule_monthly"
	ruleEveryMonths       msgKey = "rule_every_months"
	ruleOnDay             msgKey = "rule_on_day"
	ruleOnNth             msgKey = "rule_on_nth"
	ruleOnLast            msgKey = "rule_on_last"
	evListSeries          msgKey = "evlist_series"

	errBadAnnounceLead  msgKey = "err_bad_announce_lead"
	errBadReminder      msgKey = "err_bad_reminder"
	errTooManyReminders msgKey = "err_too_many_reminders"
	errBadSwitch        msgKey = "err_bad_switch"
	errScheduleParts    msgKey = "err_schedule_parts"
	errScheduleSub      msgKey = "err_schedule_sub"
	errBadSpec          msgKey = "err_bad_spec"
	errBadPostRef       msgKey = "err_bad_post_ref"
	errBadRule          msgKey = "err_bad_rule"
	errBadTimeZone      msgKey = "err_bad_timezone"
	specMalformed       msgKey = "spec_malformed"
	specTooOften        msgKey = "spec_too_often"
	specZone            msgKey = "spec_zone"
	specNever           msgKey = "spec_never"

	usageRemindMe  msgKey = "usage_remindme"
	usageReminders msgKey = "usage_reminders"
	usageRepeat    msgKey = "usage_repeat"
	usageSchedule  msgKey = "usage_schedule"
	usagePin       msgKey = "usage_pin"
	usageTimeZone  msgKey = "usage_timezone"

	msgPrivateOnly   msgKey = "private_only"
	msgPartyTooLarge msgKey = "party_too_large"
	msgForgetConfirm msgKey = "forget_confirm"
	msgForgotten     msgKey = "forgotten"
	toastForgotten   msgKey = "toast_forgotten"
	btnForget        msgKey = "btn_forget"
	dataHeader       msgKey = "data_header"
	dataProfile      msgKey = "data_profile"
	dataGroups       msgKey = "data_groups"
	dataAnswers      msgKey = "data_answers"
	dataCreated      msgKey = "data_created"
	dataPending      msgKey = "data_pending"
	dataFooter       msgKey = "data_footer"
	dataYes          msgKey = "data_yes"
	dataNo           msgKey = "data_no"
	statusGoing      msgKey = "status_going"
	statusMaybe      msgKey = "status_maybe"
	statusDeclined   msgKey = "status_declined"
	statusWaiting    msgKey = "status_waiting"
	attAnonymized    msgKey = "att_anonymized"
	usageMyData      msgKey = "usage_mydata"
	usageForgetMe    msgKey = "usage_forgetme"
)

// menuKey is the short description of a command in Telegram's menu.
func menuKey(command string) msgKey { return msgKey("menu_" + command) }

// t renders a text in a language. A missing text is a bug the catalog test
// catches; at run time the key itself is shown rather than nothing.
func (b *Bot) t(lang meetupbot.Lang, key msgKey, args ...any) string {
	format, ok := catalog[lang][key]
	if !ok {
		format, ok = catalog[meetupbot.English][key]
	}
	if !ok {
		b.log.Error("missing text", "key", key, "lang", lang)
		return string(key)
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

var catalog = map[meetupbot.Lang]map[msgKey]string{
	meetupbot.German: {
		msgNotACommand:      "Ich verstehe nur Befehle.",
		msgUnknownCommand:   "Den Befehl %s kenne ich nicht.",
		msgOrganizersOnly:   "⛔ Das dürfen nur Organisator:innen der Gruppe.",
		msgNoGroupYet:       "Ich kenne dich noch aus keiner Gruppe. Schreib zuerst in der Meetup-Gruppe, dann klappt es auch hier.",
		msgPickGroup:        "Für welche Gruppe?",
		msgEventNotFound:    "Dieses Meetup gibt es nicht. /events zeigt die kommenden.",
		msgOtherGroup:       "Dieses Meetup gehört zu einer anderen Gruppe.",
		msgNoUpcoming:       "Es ist kein Meetup geplant. Organisator:innen legen eins mit /newevent an.",
		msgEventCancelled:   "Dieses Meetup ist abgesagt.",
		msgEventOver:        "Dieses Meetup hat schon begonnen.",
		msgNoRoomForGuest:   "Für eine weitere Begleitung ist kein Platz mehr frei.",
		msgNoSpeaker:        "Diesen Vortrag gibt es nicht. /speakers zeigt die Nummern.",
		msgTooManySpeakers:  "Mehr als %d Vorträge passen nicht in eine Ankündigung.",
		msgInternalError:    "Da ist etwas schiefgegangen. Bitte versuch es gleich noch einmal.",
		msgGroupIntro:       "👋 Hallo! Ich organisiere eure Meetups: Ankündigungen mit Zu- und Absage-Knöpfen, Warteliste und Vortragende.\nOrganisator:innen legen ein Meetup mit /newevent an, alle anderen sagen mit /rsvp oder den Knöpfen zu.\nPrivate Erinnerungen: starte mich unter @%s.",
		msgWelcome:          "👋 Hallo %s! Hier bekommst du Nachrichten zu deinen Meetups: Erinnerungen, Absagen, und wenn du von der Warteliste nachrückst.",
		msgHelpMembers:      "<b>Befehle</b>",
		msgHelpOrganizers:   "<b>Für Organisator:innen</b>",
		msgLanguageSet:      "Ich spreche hier jetzt Deutsch.",
		msgEventCreated:     "✅ Meetup #%d angelegt: <b>%s</b>, %s.",
		msgEventUpdated:     "✏️ Meetup #%d geändert: <b>%s</b>.",
		msgOverbooked:       "Achtung: %d Plätze sind schon vergeben. Niemand wird gestrichen; neue Zusagen kommen auf die Warteliste.",
		msgCancelledDone:    "Meetup #%d (<b>%s</b>) ist abgesagt, die Gruppe weiß Bescheid.",
		msgCancellation:     "❌ <b>%s</b> am %s ist abgesagt.",
		msgSpeakerAdded:     "🎤 %s ist Vortrag Nr. %d bei #%d <b>%s</b>.",
		msgSpeakerRemoved:   "🎤 %s ist nicht mehr bei #%d <b>%s</b> dabei.",
		msgAnnounced:        "📣 Meetup #%d ist in „%s“ angekündigt.",
		msgPosted:           "📨 In „%s“ gepostet.",
		msgPromotedPrivate:  "🎉 Gute Nachricht: Ein Platz ist frei geworden, du bist bei <b>%s</b> am %s dabei!",
		msgPromotedGroup:    "🎉 %s rückt von der Warteliste nach und ist bei <b>%s</b> dabei.",
		toastOutdated:       "Dieser Knopf ist veraltet.",
		toastWrongChat:      "Dieser Knopf gehört nicht zu einem Meetup dieses Chats.",
		toastEventGone:      "Dieses Meetup gibt es nicht mehr.",
		toastGoing:          "Du bist dabei: %d von %d Plätzen vergeben.",
		toastGoingUnlimited: "Du bist dabei: %d Zusagen.",
		toastWithGuests:     "Mit %d Begleitung(en).",
		toastWaiting:        "Leider voll: Du bist Nr. %d auf der Warteliste.",
		toastMaybe:          "Notiert: vielleicht.",
		toastDeclined:       "Notiert: Du kommst nicht.",

		errBadDate:            "„%s“ ist kein Datum. Schreib es als 10.12.2026 oder 2026-12-10.",
		errBadTime:            "„%s“ ist keine Uhrzeit. Schreib sie als 19:00.",
		errDateInPast:         "Dieser Zeitpunkt liegt in der Vergangenheit.",
		errDateTooFar:         "Dieser Zeitpunkt liegt mehr als drei Jahre in der Zukunft. Stimmt das Jahr?",
		errBadCapacity:        "„%s“ ist keine gültige Platzzahl: eine Zahl von 1 bis %d, oder „unbegrenzt“.",
		errEmptyField:         "%s fehlt.",
		errTooLong:            "%s ist zu lang (%d Zeichen, höchstens %d).",
		errNewEventParts:      "Datum und Uhrzeit, Titel und Ort werden mit | getrennt.",
		errNeedDateTime:       "Am Anfang stehen Datum und Uhrzeit, etwa 10.12.2026 19:00.",
		errBadGuests:          "„%s“ ist keine Zahl von Begleitungen. Schreib etwa +1.",
		errTooManyGuests:      "Höchstens %d Begleitungen pro Person.",
		errBadRSVPWord:        "„%s“ verstehe ich nicht.",
		errGuestsNeedYes:      "Begleitungen gehen nur mit einer Zusage.",
		errSpeakerParts:       "Name und Thema werden mit | getrennt, ein Link kann folgen.",
		errBadLink:            "„%s“ ist kein Link (http:// oder https://).",
		errEditParts:          "Es fehlen Meetup-Nummer, Feld oder neuer Wert.",
		errBadEventRef:        "„%s“ ist keine Meetup-Nummer. Die Nummern zeigt /events.",
		errBadField:           "Das Feld „%s“ gibt es nicht. Möglich: title, date, time, venue, capacity, description, announce.",
		errBadLanguage:        "„%s“ ist keine Sprache, die ich spreche: de oder en.",
		errNoArguments:        "Dieser Befehl braucht keine Angaben.",
		errRemoveSpeakerParts: "Es fehlen Meetup-Nummer und Vortragsnummer.",
		errBadSpeakerNumber:   "„%s“ ist keine Vortragsnummer.",

		fieldTitle:       "Der Titel",
		fieldVenue:       "Der Ort",
		fieldSpeaker:     "Der Name",
		fieldTopic:       "Das Thema",
		fieldLink:        "Der Link",
		fieldDescription: "Die Beschreibung",
		fieldReason:      "Der Grund",
		fieldText:        "Der Text",

		usageStart:         "/start – mich privat starten",
		usageHelp:          "/help – diese Übersicht",
		usageLanguage:      "<code>/language de|en</code> – Sprache wählen (in der Gruppe für alle)",
		usageNext:          "/next – das nächste Meetup mit Knöpfen",
		usageEvents:        "/events – kommende Meetups",
		usageRSVP:          "<code>/rsvp [ja|vielleicht|nein] [+N] [Meetup]</code> – zu- oder absagen, +N Begleitungen, z. B. <code>/rsvp ja +1</code>",
		usageAttendees:     "<code>/attendees [Meetup]</code> – wer kommt, wer wartet",
		usageSpeakers:      "<code>/speakers [Meetup]</code> – Vortragende und Themen",
		usageNewEvent:      "<code>/newevent &lt;Datum&gt; &lt;Uhrzeit&gt; | &lt;Titel&gt; | &lt;Ort&gt; [| &lt;Plätze&gt;]</code>, z. B. <code>/newevent 10.12.2026 19:00 | Social Media Stammtisch | Café Central | 40</code>",
		usageEditEvent:     "<code>/editevent &lt;Meetup&gt; &lt;title|date|time|venue|capacity|description|announce&gt; &lt;Wert&gt;</code>, z. B. <code>/editevent 3 capacity 50</code> oder <code>/editevent 3 announce 7d</code>",
		usageCancelEvent:   "<code>/cancelevent &lt;Meetup&gt; [Grund]</code>, z. B. <code>/cancelevent 3 Der Raum ist nicht verfügbar</code>",
		usageAddSpeaker:    "<code>/addspeaker [Meetup] &lt;Name&gt; | &lt;Thema&gt; [| &lt;Link&gt;]</code>, z. B. <code>/addspeaker 3 Jana | Reels für Vereine | https://example.org</code>",
		usageRemoveSpeaker: "<code>/removespeaker &lt;Meetup&gt; &lt;Nr.&gt;</code>, z. B. <code>/removespeaker 3 1</code>",
		usageAnnounce:      "<code>/announce [Meetup]</code> – Ankündigung mit Knöpfen posten",
		usagePost:          "<code>/post &lt;Text&gt;</code> – der Bot postet den Text in der Gruppe",

		cardCancelled:         "❌ <b>ABGESAGT</b>",
		cardReason:            "Grund: %s",
		cardOver:              "Dieses Meetup hat begonnen.",
		cardSpeakers:          "🎤 <b>Vorträge</b>",
		cardGoing:             "✅ %d dabei",
		cardOthers:            "🤔 %d vielleicht · ⏳ %d auf der Warteliste",
		cardGuests:            "(davon %d Begleitung(en))",
		cardFree:              "🎟 %d von %d Plätzen frei",
		cardUnlimited:         "🎟 Keine Platzbegrenzung",
		btnGoing:              "✅ Ich komme",
		btnMaybe:              "🤔 Vielleicht",
		btnDeclined:           "❌ Kann nicht",
		btnGuest:              "➕ Begleitung",
		attGoing:              "✅ <b>Dabei (%d)</b>",
		attMaybe:              "🤔 <b>Vielleicht (%d)</b>",
		attWaiting:            "⏳ <b>Warteliste (%d)</b>",
		attTotals:             "Zusammen: %d dabei, %d vielleicht, %d wartend, %d Absagen.",
		attMore:               "… und %d weitere",
		attNobody:             "Noch keine Antworten.",
		spkNone:               "Noch keine Vorträge eingetragen.",
		evListHeader:          "📅 <b>Kommende Meetups in %s</b>",
		evListCounts:          "✅ %d/%d · 🤔 %d · ⏳ %d",
		evListCountsUnlimited: "✅ %d · 🤔 %d",

		"menu_next":          "Nächstes Meetup mit Zu- und Absage",
		"menu_events":        "Kommende Meetups",
		"menu_rsvp":          "Zusagen, absagen, Begleitung",
		"menu_attendees":     "Wer kommt",
		"menu_speakers":      "Vortragende",
		"menu_language":      "Sprache wählen (de, en)",
		"menu_help":          "Hilfe",
		"menu_newevent":      "Meetup anlegen",
		"menu_editevent":     "Meetup ändern",
		"menu_cancelevent":   "Meetup absagen",
		"menu_addspeaker":    "Vortrag eintragen",
		"menu_removespeaker": "Vortrag entfernen",
		"menu_announce":      "Meetup ankündigen",
		"menu_post":          "Text in der Gruppe posten",

		msgPlanAnnounced:      "📣 #%s ist angekündigt.",
		msgPlanNever:          "📣 #%s wird nicht von selbst angekündigt; das macht /announce %s.",
		msgPlanNow:            "📣 Die Ankündigung geht gleich raus.",
		msgPlanAt:             "📣 Ich kündige es am %s an (ändern mit <code>/editevent %s announce 7d|now|never</code>).",
		msgAlreadyAnnounced:   "📣 Dieses Meetup ist schon angekündigt. /announce postet die Ankündigung neu.",
		msgRemindersSet:       "⏰ Erinnerungen in „%s“: %s vor Beginn.",
		msgRemindersOff:       "⏰ In „%s“ gibt es keine Erinnerungen.",
		msgRemindMeOn:         "🔔 Du bekommst private Erinnerungen an Meetups, zu denen du zugesagt hast. Abschalten mit <code>/remindme off</code>.",
		msgRemindMeOff:        "🔕 Keine privaten Erinnerungen mehr. Wieder an mit <code>/remindme on</code>.",
		msgRemindMeNotStarted: "🔔 Private Erinnerungen sind an, aber ich darf dir erst schreiben, wenn du mich startest: %s",
		msgPinOn:              "📌 Ankündigungen in „%s“ werden angeheftet (ohne Benachrichtigung).",
		msgPinOff:             "📌 Ankündigungen in „%s“ werden nicht mehr angeheftet.",
		msgTimeZone:           "🕰 Zeitzone von „%s“: %s.",
		msgTimeZoneSet:        "🕰 „%s“ nutzt jetzt die Zeitzone %s (dort ist es jetzt %s).",
		msgPostAdded:          "🔁 Regelmäßiger Post %d angelegt (<code>%s</code>), zuerst am %s.",
		msgPostRemoved:        "🔁 Regelmäßiger Post %d (<code>%s</code>) gelöscht.",
		msgPostNotFound:       "Diesen regelmäßigen Post gibt es nicht. <code>/schedule list</code> zeigt die Nummern.",
		msgTooManyPosts:       "Mehr als %d regelmäßige Posts pro Gruppe gehen nicht.",
		msgNoPosts:            "In „%s“ gibt es keine regelmäßigen Posts.",
		msgPostsHeader:        "🔁 <b>Regelmäßige Posts in %s</b>",
		msgPostNext:           "nächster: %s",
		msgRepeatOn:           "🔁 #%d <b>%s</b> wiederholt sich %s. Nächster Termin: %s.",
		msgRepeatOff:          "🔁 #%d <b>%s</b> wiederholt sich nicht mehr.",
		msgReminderStartBot:   "🔔 Private Erinnerungen? <a href=\"%s\">Starte mich</a>.",
		reminderHeader:        "⏰ <b>Erinnerung:</b> %s beginnt in %s.",
		reminderYouGo:         "Du hast zugesagt. Kommst du?",
		reminderYouMaybe:      "Du hast „vielleicht“ gesagt. Kommst du?",
		reminderHowToStop:     "Keine Erinnerungen mehr: <code>/remindme off</code>",
		btnConfirm:            "✅ Ich komme",
		btnCancelVisit:        "❌ Ich kann nicht",
		durDay:                "1 Tag",
		durDays:               "%d Tagen",
		durHour:               "1 Stunde",
		durHours:              "%d Stunden",
		durMinute:             "1 Minute",
		durMinutes:            "%d Minuten",
		ruleWeekly:            "wöchentlich",
		ruleEveryWeeks:        "alle %d Wochen",
		ruleMonthly:           "monatlich",
		ruleEveryMonths:       "alle %d Monate",
		ruleOnDay:             "am %d.",
		ruleOnNth:             "am %s %s",
		ruleOnLast:            "am letzten %s",
		evListSeries:          "🔁 %s · danach: %s",

		errBadAnnounceLead:  "„%s“ verstehe ich nicht: eine Dauer wie 14d oder 36h, now (jetzt) oder never (nie).",
		errBadReminder:      "„%s“ ist keine Vorlaufzeit: eine Dauer zwischen 1m und 30d, etwa 48h oder 90m.",
		errTooManyReminders: "Höchstens %d Erinnerungen.",
		errBadSwitch:        "Bitte on oder off (an oder aus).",
		errScheduleParts:    "Zeitplan und Text werden mit | getrennt.",
		errScheduleSub:      "„%s“ verstehe ich nicht: add, list oder remove.",
		errBadSpec:          "„%s“ ist kein gültiger Zeitplan (%s). Fünf Felder wie bei cron: Minute Stunde Tag Monat Wochentag, etwa <code>0 18 * * 1</code> für montags 18 Uhr, oder @weekly, @monthly. Höchstens einmal pro Stunde.",
		errBadPostRef:       "„%s“ ist keine Nummer eines regelmäßigen Posts.",
		errBadRule:          "„%s“ verstehe ich nicht. Beispiele: <code>alle 2 Monate am 2. Donnerstag</code>, <code>monatlich am letzten Freitag</code>, <code>alle 4 Wochen</code>, <code>off</code>.",
		errBadTimeZone:      "„%s“ ist keine Zeitzone. Gemeint ist ein Name wie Europe/Berlin oder Europe/Vienna.",
		specMalformed:       "das sind keine fünf gültigen cron-Felder",
		specTooOften:        "das wäre öfter als einmal pro Stunde",
		specZone:            "die Zeitzone stellt /timezone für die ganze Gruppe ein",
		specNever:           "diesen Tag gibt es nie",

		usageRemindMe:  "<code>/remindme on|off</code> – private Erinnerungen an- oder abschalten",
		usageReminders: "<code>/reminders 48h 3h</code> oder <code>/reminders off</code> – wann erinnert wird",
		usageRepeat:    "<code>/repeat &lt;Meetup&gt; &lt;Regel&gt;</code>, z. B. <code>/repeat 3 alle 2 Monate am 2. Donnerstag</code>, oder <code>/repeat 3 off</code>",
		usageSchedule:  "<code>/schedule add &lt;cron&gt; | &lt;Text&gt;</code>, <code>/schedule list</code>, <code>/schedule remove &lt;Nr.&gt;</code>, z. B. <code>/schedule add 0 18 * * 1 | Diese Woche ist Stammtisch!</code>",
		usagePin:       "<code>/pin on|off</code> – Ankündigungen anheften",
		usageTimeZone:  "<code>/timezone Europe/Berlin</code> – Zeitzone der Gruppe",

		"menu_remindme":  "Private Erinnerungen an/aus",
		"menu_reminders": "Erinnerungen der Gruppe einstellen",
		"menu_repeat":    "Meetup regelmäßig wiederholen",
		"menu_schedule":  "Regelmäßige Posts",
		"menu_pin":       "Ankündigungen anheften",
		"menu_timezone":  "Zeitzone der Gruppe",

		msgPrivateOnly:   "🔒 Das geht nur im privaten Chat mit mir: %s",
		msgPartyTooLarge: "So viele Begleitungen passen nicht: Das Meetup hat insgesamt weniger Plätze.",
		msgForgetConfirm: "🗑 Soll ich alles löschen, was ich über dich gespeichert habe? Name, Benutzername, Einstellungen und alle deine Zu- und Absagen. Bei kommenden Meetups wird dein Platz frei; bei vergangenen bleiben nur die Zahlen. Das lässt sich nicht rückgängig machen.",
		msgForgotten:     "🗑 Erledigt: Ich habe alles über dich gelöscht. Schreibst du mir wieder, lege ich dich neu an.",
		toastForgotten:   "Gelöscht.",
		btnForget:        "🗑 Ja, alles löschen",
		dataHeader:       "🔒 <b>Was ich über dich gespeichert habe</b>",
		dataProfile:      "Telegram-ID: %d\nVorname: %s\nNachname: %s\nBenutzername: %s\nApp-Sprache: %s\nGewählte Sprache: %s\nPrivat gestartet: %s\nPrivate Erinnerungen: %s",
		dataGroups:       "<b>Gruppen, in denen ich dich gesehen habe</b>",
		dataAnswers:      "<b>Deine Antworten</b>",
		dataCreated:      "<b>Von dir angelegt</b>",
		dataPending:      "Noch nicht ausgeführter Befehl: %s",
		dataFooter:       "Antworten vergangener Meetups lösche ich nach der Aufbewahrungsfrist; die Zahlen bleiben. Alles löschen: /forgetme",
		dataYes:          "ja",
		dataNo:           "nein",
		statusGoing:      "dabei",
		statusMaybe:      "vielleicht",
		statusDeclined:   "abgesagt",
		statusWaiting:    "auf der Warteliste",
		attAnonymized:    "Die Namen sind nach der Aufbewahrungsfrist gelöscht; die Zahlen bleiben.",
		usageMyData:      "/mydata – was ich über dich gespeichert habe (privat)",
		usageForgetMe:    "/forgetme – alles über dich löschen (privat)",
		"menu_mydata":    "Meine gespeicherten Daten",
		"menu_forgetme":  "Meine Daten löschen",
	},
	meetupbot.English: {
		msgNotACommand:      "I only understand commands.",
		msgUnknownCommand:   "I don't know the command %s.",
		msgOrganizersOnly:   "⛔ Only the group's organizers can do that.",
		msgNoGroupYet:       "I haven't seen you in a group yet. Write in the meetup group first, then this works here too.",
		msgPickGroup:        "For which group?",
		msgEventNotFound:    "There is no such meetup. /events lists the upcoming ones.",
		msgOtherGroup:       "That meetup belongs to another group.",
		msgNoUpcoming:       "No meetup is planned. Organizers create one with /newevent.",
		msgEventCancelled:   "This meetup is cancelled.",
		msgEventOver:        "This meetup has already started.",
		msgNoRoomForGuest:   "There is no free place left for another guest.",
		msgNoSpeaker:        "There is no such talk. /speakers shows the numbers.",
		msgTooManySpeakers:  "More than %d talks don't fit in one announcement.",
		msgInternalError:    "Something went wrong. Please try again in a moment.",
		msgGroupIntro:       "👋 Hello! I run your meetups: announcements with RSVP buttons, a waiting list and speakers.\nOrganizers create a meetup with /newevent, everyone answers with /rsvp or the buttons.\nFor private reminders, start me at @%s.",
		msgWelcome:          "👋 Hi %s! This is where you get news about your meetups: reminders, cancellations, and moving up from the waiting list.",
		msgHelpMembers:      "<b>Commands</b>",
		msgHelpOrganizers:   "<b>For organizers</b>",
		msgLanguageSet:      "I speak English here now.",
		msgEventCreated:     "✅ Meetup #%d created: <b>%s</b>, %s.",
		msgEventUpdated:     "✏️ Meetup #%d updated: <b>%s</b>.",
		msgOverbooked:       "Note: %d places are already taken. Nobody is removed; new answers go to the waiting list.",
		msgCancelledDone:    "Meetup #%d (<b>%s</b>) is cancelled and the group has been told.",
		msgCancellation:     "❌ <b>%s</b> on %s is cancelled.",
		msgSpeakerAdded:     "🎤 %s is talk no. %d at #%d <b>%s</b>.",
		msgSpeakerRemoved:   "🎤 %s no longer speaks at #%d <b>%s</b>.",
		msgAnnounced:        "📣 Meetup #%d is announced in “%s”.",
		msgPosted:           "📨 Posted in “%s”.",
		msgPromotedPrivate:  "🎉 Good news: a place freed up and you're in for <b>%s</b> on %s!",
		msgPromotedGroup:    "🎉 %s moved up from the waiting list and is in for <b>%s</b>.",
		toastOutdated:       "This button is outdated.",
		toastWrongChat:      "This button doesn't belong to a meetup of this chat.",
		toastEventGone:      "This meetup no longer exists.",
		toastGoing:          "You're in: %d of %d places taken.",
		toastGoingUnlimited: "You're in: %d going.",
		toastWithGuests:     "With %d guest(s).",
		toastWaiting:        "It's full: you're no. %d on the waiting list.",
		toastMaybe:          "Noted: maybe.",
		toastDeclined:       "Noted: you can't make it.",

		errBadDate:            "“%s” is not a date. Write it as 2026-12-10 or 10.12.2026.",
		errBadTime:            "“%s” is not a time. Write it as 19:00.",
		errDateInPast:         "That time is in the past.",
		errDateTooFar:         "That time is more than three years ahead. Is the year right?",
		errBadCapacity:        "“%s” is not a valid number of places: a number from 1 to %d, or “unlimited”.",
		errEmptyField:         "%s is missing.",
		errTooLong:            "%s is too long (%d characters, at most %d).",
		errNewEventParts:      "Separate date and time, title and venue with |.",
		errNeedDateTime:       "Start with the date and time, such as 2026-12-10 19:00.",
		errBadGuests:          "“%s” is not a number of guests. Write, for example, +1.",
		errTooManyGuests:      "At most %d guests per person.",
		errBadRSVPWord:        "I don't understand “%s”.",
		errGuestsNeedYes:      "Guests come only with a yes.",
		errSpeakerParts:       "Separate name and topic with |; a link may follow.",
		errBadLink:            "“%s” is not a link (http:// or https://).",
		errEditParts:          "The meetup number, the field or the new value is missing.",
		errBadEventRef:        "“%s” is not a meetup number. /events shows the numbers.",
		errBadField:           "There is no field “%s”. Choose title, date, time, venue, capacity, description or announce.",
		errBadLanguage:        "“%s” is not a language I speak: de or en.",
		errNoArguments:        "This command takes no arguments.",
		errRemoveSpeakerParts: "The meetup number and the talk number are missing.",
		errBadSpeakerNumber:   "“%s” is not a talk number.",

		fieldTitle:       "The title",
		fieldVenue:       "The venue",
		fieldSpeaker:     "The name",
		fieldTopic:       "The topic",
		fieldLink:        "The link",
		fieldDescription: "The description",
		fieldReason:      "The reason",
		fieldText:        "The text",

		usageStart:         "/start – start me privately",
		usageHelp:          "/help – this overview",
		usageLanguage:      "<code>/language de|en</code> – choose the language (in a group, for everyone)",
		usageNext:          "/next – the next meetup with its buttons",
		usageEvents:        "/events – upcoming meetups",
		usageRSVP:          "<code>/rsvp [yes|maybe|no] [+N] [meetup]</code> – answer, +N guests, e.g. <code>/rsvp yes +1</code>",
		usageAttendees:     "<code>/attendees [meetup]</code> – who comes, who waits",
		usageSpeakers:      "<code>/speakers [meetup]</code> – speakers and topics",
		usageNewEvent:      "<code>/newevent &lt;date&gt; &lt;time&gt; | &lt;title&gt; | &lt;venue&gt; [| &lt;places&gt;]</code>, e.g. <code>/newevent 2026-12-10 19:00 | Social Media Stammtisch | Café Central | 40</code>",
		usageEditEvent:     "<code>/editevent &lt;meetup&gt; &lt;title|date|time|venue|capacity|description|announce&gt; &lt;value&gt;</code>, e.g. <code>/editevent 3 capacity 50</code> or <code>/editevent 3 announce 7d</code>",
		usageCancelEvent:   "<code>/cancelevent &lt;meetup&gt; [reason]</code>, e.g. <code>/cancelevent 3 The room is not available</code>",
		usageAddSpeaker:    "<code>/addspeaker [meetup] &lt;name&gt; | &lt;topic&gt; [| &lt;link&gt;]</code>, e.g. <code>/addspeaker 3 Jana | Reels for clubs | https://example.org</code>",
		usageRemoveSpeaker: "<code>/removespeaker &lt;meetup&gt; &lt;no.&gt;</code>, e.g. <code>/removespeaker 3 1</code>",
		usageAnnounce:      "<code>/announce [meetup]</code> – post the announcement with buttons",
		usagePost:          "<code>/post &lt;text&gt;</code> – the bot posts the text in the group",

		cardCancelled:         "❌ <b>CANCELLED</b>",
		cardReason:            "Reason: %s",
		cardOver:              "This meetup has started.",
		cardSpeakers:          "🎤 <b>Talks</b>",
		cardGoing:             "✅ %d going",
		cardOthers:            "🤔 %d maybe · ⏳ %d waiting",
		cardGuests:            "(%d of them guests)",
		cardFree:              "🎟 %d of %d places free",
		cardUnlimited:         "🎟 No limit on places",
		btnGoing:              "✅ Going",
		btnMaybe:              "🤔 Maybe",
		btnDeclined:           "❌ Can't",
		btnGuest:              "➕ Guest",
		attGoing:              "✅ <b>Going (%d)</b>",
		attMaybe:              "🤔 <b>Maybe (%d)</b>",
		attWaiting:            "⏳ <b>Waiting list (%d)</b>",
		attTotals:             "In all: %d going, %d maybe, %d waiting, %d can't.",
		attMore:               "… and %d more",
		attNobody:             "No answers yet.",
		spkNone:               "No talks yet.",
		evListHeader:          "📅 <b>Upcoming meetups in %s</b>",
		evListCounts:          "✅ %d/%d · 🤔 %d · ⏳ %d",
		evListCountsUnlimited: "✅ %d · 🤔 %d",

		"menu_next":          "Next meetup with RSVP buttons",
		"menu_events":        "Upcoming meetups",
		"menu_rsvp":          "Say yes, maybe or no, bring guests",
		"menu_attendees":     "Who is coming",
		"menu_speakers":      "Speakers",
		"menu_language":      "Choose the language (de, en)",
		"menu_help":          "Help",
		"menu_newevent":      "Create a meetup",
		"menu_editevent":     "Change a meetup",
		"menu_cancelevent":   "Cancel a meetup",
		"menu_addspeaker":    "Add a talk",
		"menu_removespeaker": "Remove a talk",
		"menu_announce":      "Announce a meetup",
		"menu_post":          "Post a text in the group",

		msgPlanAnnounced:      "📣 #%s is announced.",
		msgPlanNever:          "📣 #%s is not announced by itself; /announce %s does it.",
		msgPlanNow:            "📣 The announcement goes out right away.",
		msgPlanAt:             "📣 I'll announce it on %s (change with <code>/editevent %s announce 7d|now|never</code>).",
		msgAlreadyAnnounced:   "📣 This meetup is already announced. /announce posts the announcement again.",
		msgRemindersSet:       "⏰ Reminders in “%s”: %s before the start.",
		msgRemindersOff:       "⏰ There are no reminders in “%s”.",
		msgRemindMeOn:         "🔔 You get private reminders of meetups you said yes to. Turn them off with <code>/remindme off</code>.",
		msgRemindMeOff:        "🔕 No more private reminders. Turn them on again with <code>/remindme on</code>.",
		msgRemindMeNotStarted: "🔔 Private reminders are on, but I may only write to you once you start me: %s",
		msgPinOn:              "📌 Announcements in “%s” are pinned (without a notification).",
		msgPinOff:             "📌 Announcements in “%s” are no longer pinned.",
		msgTimeZone:           "🕰 Time zone of “%s”: %s.",
		msgTimeZoneSet:        "🕰 “%s” now uses the time zone %s (where it is %s now).",
		msgPostAdded:          "🔁 Recurring post %d created (<code>%s</code>), first on %s.",
		msgPostRemoved:        "🔁 Recurring post %d (<code>%s</code>) removed.",
		msgPostNotFound:       "There is no such recurring post. <code>/schedule list</code> shows the numbers.",
		msgTooManyPosts:       "A group can have at most %d recurring posts.",
		msgNoPosts:            "There are no recurring posts in “%s”.",
		msgPostsHeader:        "🔁 <b>Recurring posts in %s</b>",
		msgPostNext:           "next: %s",
		msgRepeatOn:           "🔁 #%d <b>%s</b> repeats %s. Next date: %s.",
		msgRepeatOff:          "🔁 #%d <b>%s</b> no longer repeats.",
		msgReminderStartBot:   "🔔 Private reminders? <a href=\"%s\">Start me</a>.",
		reminderHeader:        "⏰ <b>Reminder:</b> %s starts in %s.",
		reminderYouGo:         "You said yes. Are you coming?",
		reminderYouMaybe:      "You said maybe. Are you coming?",
		reminderHowToStop:     "No more reminders: <code>/remindme off</code>",
		btnConfirm:            "✅ I'm coming",
		btnCancelVisit:        "❌ I can't make it",
		durDay:                "1 day",
		durDays:               "%d days",
		durHour:               "1 hour",
		durHours:              "%d hours",
		durMinute:             "1 minute",
		durMinutes:            "%d minutes",
		ruleWeekly:            "weekly",
		ruleEveryWeeks:        "every %d weeks",
		ruleMonthly:           "monthly",
		ruleEveryMonths:       "every %d months",
		ruleOnDay:             "on day %d",
		ruleOnNth:             "on the %s %s",
		ruleOnLast:            "on the last %s",
		evListSeries:          "🔁 %s · then: %s",

		errBadAnnounceLead:  "I don't understand “%s”: a duration such as 14d or 36h, now or never.",
		errBadReminder:      "“%s” is not a lead time: a duration between 1m and 30d, such as 48h or 90m.",
		errTooManyReminders: "At most %d reminders.",
		errBadSwitch:        "Please say on or off.",
		errScheduleParts:    "Separate the schedule and the text with |.",
		errScheduleSub:      "I don't understand “%s”: add, list or remove.",
		errBadSpec:          "“%s” is not a valid schedule (%s). Five cron fields: minute hour day month weekday, such as <code>0 18 * * 1</code> for Mondays at 18:00, or @weekly, @monthly. At most once an hour.",
		errBadPostRef:       "“%s” is not the number of a recurring post.",
		errBadRule:          "I don't understand “%s”. Examples: <code>every 2 months on the 2nd thursday</code>, <code>monthly on the last friday</code>, <code>every 4 weeks</code>, <code>off</code>.",
		errBadTimeZone:      "“%s” is not a time zone. Use a name such as Europe/Berlin or Europe/Vienna.",
		specMalformed:       "these are not five valid cron fields",
		specTooOften:        "that would be more than once an hour",
		specZone:            "/timezone sets the time zone for the whole group",
		specNever:           "that day never comes",

		usageRemindMe:  "<code>/remindme on|off</code> – turn private reminders on or off",
		usageReminders: "<code>/reminders 48h 3h</code> or <code>/reminders off</code> – when reminders go out",
		usageRepeat:    "<code>/repeat &lt;meetup&gt; &lt;rule&gt;</code>, e.g. <code>/repeat 3 every 2 months on the 2nd thursday</code>, or <code>/repeat 3 off</code>",
		usageSchedule:  "<code>/schedule add &lt;cron&gt; | &lt;text&gt;</code>, <code>/schedule list</code>, <code>/schedule remove &lt;no.&gt;</code>, e.g. <code>/schedule add 0 18 * * 1 | Stammtisch this week!</code>",
		usagePin:       "<code>/pin on|off</code> – pin announcements",
		usageTimeZone:  "<code>/timezone Europe/Berlin</code> – the group's time zone",

		"menu_remindme":  "Private reminders on/off",
		"menu_reminders": "Set the group's reminders",
		"menu_repeat":    "Repeat a meetup regularly",
		"menu_schedule":  "Recurring posts",
		"menu_pin":       "Pin announcements",
		"menu_timezone":  "The group's time zone",

		msgPrivateOnly:   "🔒 That only works in a private chat with me: %s",
		msgPartyTooLarge: "That many guests don't fit: the meetup has fewer places in all.",
		msgForgetConfirm: "🗑 Shall I delete everything I stored about you? Name, username, settings and all your answers. At upcoming meetups your place frees up; past meetups keep only the numbers. This cannot be undone.",
		msgForgotten:     "🗑 Done: I deleted everything about you. If you write to me again, I start afresh.",
		toastForgotten:   "Deleted.",
		btnForget:        "🗑 Yes, delete everything",
		dataHeader:       "🔒 <b>What I stored about you</b>",
		dataProfile:      "Telegram id: %d\nFirst name: %s\nLast name: %s\nUsername: %s\nApp language: %s\nChosen language: %s\nStarted privately: %s\nPrivate reminders: %s",
		dataGroups:       "<b>Groups I have seen you in</b>",
		dataAnswers:      "<b>Your answers</b>",
		dataCreated:      "<b>Set up by you</b>",
		dataPending:      "Command not run yet: %s",
		dataFooter:       "Answers to past meetups are deleted after the retention period; the numbers stay. Delete everything: /forgetme",
		dataYes:          "yes",
		dataNo:           "no",
		statusGoing:      "going",
		statusMaybe:      "maybe",
		statusDeclined:   "can't",
		statusWaiting:    "on the waiting list",
		attAnonymized:    "Names were deleted after the retention period; the numbers stay.",
		usageMyData:      "/mydata – what I stored about you (private)",
		usageForgetMe:    "/forgetme – delete everything about you (private)",
		"menu_mydata":    "My stored data",
		"menu_forgetme":  "Delete my data",
	},
}
