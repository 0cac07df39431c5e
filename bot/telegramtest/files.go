package telegramtest

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf16"

	// Telegram takes photos as JPEG or PNG.
	_ "image/jpeg"
	_ "image/png"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// File is a document or photo the bot uploaded.
type File struct {
	Name string
	MIME string
	Data []byte
	// Width and Height are a photo's.
	Width, Height int
}

// upload is one file part of a multipart request.
type upload struct {
	name, mime string
	data       []byte
}

// Telegram's limits on uploads by bots, and on captions.
const (
	maxDocument   = 50 << 20
	maxPhoto      = 10 << 20
	maxCaptionLen = 1024
	// maxPhotoSides bounds a photo's width plus height; maxPhotoRatio the
	// ratio of its longer side to its shorter.
	maxPhotoSides = 10000
	maxPhotoRatio = 20
)

// readForm parses a request's parameters, from a URL-encoded body or, for
// uploads, a multipart one, and returns the files it carries.
func readForm(r *http.Request) (map[string]upload, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		return nil, r.ParseForm()
	}
	if err := r.ParseMultipartForm(maxDocument + 1<<20); err != nil {
		return nil, err
	}
	r.PostForm = url.Values(r.MultipartForm.Value)
	files := map[string]upload{}
	for field, headers := range r.MultipartForm.File {
		f, err := headers[0].Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		files[field] = upload{name: headers[0].Filename, mime: headers[0].Header.Get("Content-Type"), data: data}
	}
	return files, nil
}

// sendFile is sendDocument and sendPhoto for files uploaded with the
// request (field is "document" or "photo"); file ids and URLs of files
// already on Telegram's servers are not modelled and refused as unknown.
func (s *Server) sendFile(p url.Values, files map[string]upload, field string) (any, *apiError) {
	log, m, apiErr := s.newMessage(p)
	if apiErr != nil {
		return nil, apiErr
	}
	up, ok := files[field]
	switch {
	case !ok && p.Get(field) != "":
		return nil, badRequest("wrong file identifier/HTTP URL specified")
	case !ok:
		return nil, badRequest("there is no %s in the request", field)
	case len(up.data) == 0:
		return nil, badRequest("file must be non-empty")
	}
	// Telegram reads the type from the name; clients send parts as
	// application/octet-stream.
	f := &File{Name: up.name, MIME: up.mime, Data: up.data}
	if byName := mime.TypeByExtension(path.Ext(up.name)); byName != "" {
		f.MIME = byName
	}
	if field == "photo" {
		if len(up.data) > maxPhoto {
			return nil, &apiError{code: 413, description: "Request Entity Too Large"}
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(up.data))
		if err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		long, short := max(cfg.Width, cfg.Height), min(cfg.Width, cfg.Height)
		if cfg.Width+cfg.Height > maxPhotoSides || short == 0 || long/short > maxPhotoRatio {
			return nil, badRequest("PHOTO_INVALID_DIMENSIONS")
		}
		f.Width, f.Height = cfg.Width, cfg.Height
		m.Photo = f
	} else {
		if len(up.data) > maxDocument {
			return nil, &apiError{code: 413, description: "Request Entity Too Large"}
		}
		m.Document = f
	}
	if caption := p.Get("caption"); caption != "" {
		plain := caption
		if strings.EqualFold(p.Get("parse_mode"), "HTML") {
			if plain, ok = parseHTML(caption); !ok {
				return nil, badRequest("can't parse entities: unsupported start tag or unescaped character")
			}
		}
		if len(utf16.Encode([]rune(plain))) > maxCaptionLen {
			return nil, badRequest("message caption is too long")
		}
		m.Caption = caption
	}
	if apiErr := fill(m, p, false); apiErr != nil {
		return nil, apiErr
	}
	log.messages = append(log.messages, m)
	wired := s.wire(log, m)
	id := fmt.Sprintf("file-%d-%d-%d", m.ChatID, m.ID, time.Now().UnixNano())
	if m.Photo != nil {
		wired.Photo = []tgbotapi.PhotoSize{{FileID: id, FileUniqueID: id, Width: f.Width, Height: f.Height, FileSize: len(f.Data)}}
	} else {
		wired.Document = &tgbotapi.Document{FileID: id, FileUniqueID: id, FileName: f.Name, MimeType: f.MIME, FileSize: len(f.Data)}
	}
	wired.Caption = m.Caption
	return wired, nil
}
