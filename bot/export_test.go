package bot

// OrganizerCommands lets the external tests check every organizer command.
var OrganizerCommands = organizerCommands
