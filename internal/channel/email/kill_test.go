package email_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
)

// TestNothingAcknowledgedIsLostOnKill builds loket, serves with the SMTP intake on, sends a burst of
// e-mails and form questions at once, kills the process with SIGKILL in the middle, and checks that every
// message that got 250 or 201 is in the database.
func TestNothingAcknowledgedIsLostOnKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a loket process")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "loket")
	build := exec.Command("go", "build", "-o", bin, "loket/cmd/loket")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "loket.db")
	httpAddr, smtpAddr := freeAddr(t), freeAddr(t)
	// The burst comes from one source address: its per-source limit is lifted, this test is about durability.
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", httpAddr, "--smtp-addr", smtpAddr, "--log-level", "error",
		"--smtp-per-source", "100000")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitHealthy(t, "http://"+httpAddr+"/healthz")

	var mu sync.Mutex
	var mailIDs, refs []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("kill-%d-%d@example.org", w, i)
				raw := fmt.Sprintf("From: p%d@example.org\r\nTo: info@voorbeeld.nl\r\nSubject: Vraag %d\r\nMessage-ID: <%s>\r\n\r\nMijn container is niet geleegd.\r\n", w, i, id)
				if mailtest.Send(smtpAddr, fmt.Sprintf("p%d@example.org", w), []string{"info@voorbeeld.nl"}, []byte(raw)) == nil {
					mu.Lock()
					mailIDs = append(mailIDs, id)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // the form API; its rate limit lets a burst of 30 through
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			body := fmt.Sprintf(`{"name":"Form %d","email":"f%d@example.org","subject":"Vraag","message":"Wanneer wordt het grofvuil opgehaald?"}`, i, i)
			resp, err := http.Post("http://"+httpAddr+"/api/v1/contact", "application/json", strings.NewReader(body))
			if err != nil {
				continue
			}
			var out struct{ Reference string }
			if resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&out) == nil {
				mu.Lock()
				refs = append(refs, out.Reference)
				mu.Unlock()
			}
			resp.Body.Close()
		}
	}()
	// Kill in the middle of the burst, once enough is acknowledged: counting, not a fixed wait, so that a
	// slow machine still gets a real burst before the kill.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		enough := len(mailIDs) >= 150 && len(refs) >= 20
		mu.Unlock()
		if enough || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(mailIDs) < 100 || len(refs) == 0 {
		t.Fatalf("only %d e-mails and %d form questions acknowledged before the kill; the test needs a real burst", len(mailIDs), len(refs))
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	for _, id := range mailIDs {
		var n int
		if err := st.QueryRow(context.Background(), `SELECT COUNT(*) FROM contact_messages WHERE mail_id = ?`, id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged e-mail %s: %d rows, %v", id, n, err)
		}
	}
	for _, ref := range refs {
		var n int
		if err := st.QueryRow(context.Background(), `SELECT COUNT(*) FROM contact_conversations WHERE reference = ?`, ref).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged form question %s: %d rows, %v", ref, n, err)
		}
	}
	t.Logf("%d e-mails and %d form questions acknowledged before SIGKILL, all of them stored", len(mailIDs), len(refs))
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, url string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("loket did not start")
}
