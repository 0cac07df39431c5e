package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/meetupbot/meetupbot/storage"
)

// A running bot holds bbolt's exclusive lock on the database, so a second
// process cannot even open it read-only. The bot therefore serves
// consistent copies (one bbolt read transaction each) on a Unix socket next
// to the database, reachable only by the file's owner; `meetupbot backup`
// asks it there, or opens the file itself when no bot runs.

func backupSocket(dbPath string) string { return dbPath + ".backup.sock" }

type backupServer struct {
	ln   net.Listener
	done chan struct{}
}

// serveBackups listens on the backup socket until Close. The socket of a
// previous run that was killed is removed: holding the database lock, this
// process is the only one serving it.
func serveBackups(dbPath string, db *storage.DB, log *slog.Logger) (*backupServer, error) {
	path := backupSocket(dbPath)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale backup socket: %w", err)
	}
	// The socket is created owner-only rather than restricted afterwards,
	// so there is no moment in which others could connect. This runs
	// before any other goroutine creates files.
	umask := syscall.Umask(0o177)
	ln, err := net.Listen("unix", path)
	syscall.Umask(umask)
	if err != nil {
		return nil, fmt.Errorf("listen for backups: %w", err)
	}
	s := &backupServer{ln: ln, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			err = db.Copy(func(size int64, writeTo func(io.Writer) (int64, error)) error {
				if err := binary.Write(conn, binary.BigEndian, size); err != nil {
					return err
				}
				_, err := writeTo(conn)
				return err
			})
			conn.Close()
			if err != nil {
				log.Error("backup failed", "error", err)
				continue
			}
			log.Info("backup served")
		}
	}()
	return s, nil
}

// Close stops serving backups and removes the socket.
func (s *backupServer) Close() error {
	err := s.ln.Close()
	<-s.done
	return err
}

// backup writes a consistent copy of the database at dbPath to dest, via
// the running bot or, when none runs, from the file. The copy is written
// next to dest and renamed into place once complete and verified, so dest
// is never a partial database. A missing folder for dest is created
// owner-only, since the copy holds members' data.
func backup(ctx context.Context, dbPath, dest string) (int64, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return 0, fmt.Errorf("database %s: %w", dbPath, err)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return 0, fmt.Errorf("create the backup folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), filepath.Base(dest)+".*.partial")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := copyDatabase(ctx, dbPath, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return 0, err
	}
	check, err := storage.Open(tmp.Name(), storage.Options{LockTimeout: time.Second})
	if err != nil {
		return 0, fmt.Errorf("the copy does not open: %w", err)
	}
	check.Close()
	return n, os.Rename(tmp.Name(), dest)
}

func copyDatabase(ctx context.Context, dbPath string, w io.Writer) (int64, error) {
	db, err := storage.Open(dbPath, storage.Options{LockTimeout: 500 * time.Millisecond})
	if err == nil {
		defer db.Close()
		return db.WriteTo(w)
	}
	if !errors.Is(err, storage.ErrLocked) {
		return 0, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", backupSocket(dbPath))
	if err != nil {
		return 0, fmt.Errorf("the database is in use, but the running bot does not answer on %s: %w", backupSocket(dbPath), err)
	}
	defer conn.Close()
	// The bot sends the copy's size first, so a copy cut short (the bot
	// stopped meanwhile) is an error, not a broken backup.
	var size int64
	if err := binary.Read(conn, binary.BigEndian, &size); err != nil {
		return 0, fmt.Errorf("read from the running bot: %w", err)
	}
	n, err := io.CopyN(w, conn, size)
	if err != nil {
		return n, fmt.Errorf("copy from the running bot ended after %d of %d bytes: %w", n, size, err)
	}
	return n, nil
}
