package browsertest

import (
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/demo"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// startChatSite is StartDemo with the chat open day and night, so the test does not depend on the clock.
func startChatSite(t *testing.T) *Site {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, store.SQLite)
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportArticles(ctx, articles, "browsertest"); err != nil {
		t.Fatal(err)
	}
	if err := demo.SaveMunicipality(ctx, st); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{DB: st.DSN(), Addr: ln.Addr().String(), DataDir: t.TempDir(), LogLevel: "warn", ChatHours: "altijd"}
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.ServeListener(serveCtx, ln) }()
	t.Cleanup(func() {
		stop()
		<-done // open WebSockets may make the graceful shutdown time out; that is no failure of the chat
		if err := a.Close(); err != nil {
			t.Errorf("close app: %v", err)
		}
	})
	return &Site{URL: cfg.BaseURL, App: a}
}

// TestChatResidentAndAgent: a resident chats from the website with an agent in the console (two browsers);
// the resident's connection drops while the agent writes, and after the reconnect no message is lost.
func TestChatResidentAndAgent(t *testing.T) {
	site := startChatSite(t)
	resident, agent := NewTab(t, 90*time.Second), NewTab(t, 90*time.Second)

	// Keep a handle on the widget's sockets, so the test can drop the connection like a train tunnel does.
	_, err := chromedp.Run(resident, chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordSockets})
		return chromedp.Void{}, err
	}))
	if err != nil {
		t.Fatal(err)
	}

	// Without an agent online the widget says so and offers the contact form.
	open(t, resident, site.URL+"/")
	do(t, resident, "open the chat", chromedp.Click(chromedp.CSS("#chat-open")))
	waitFor(t, resident, "no agent", `!document.getElementById("chat-closed").hidden`)
	CheckAccessibility(t, resident, "chat widget without agent")

	// The agent opens the chat console.
	email, password := "chat@voorbeeld.nl", auth.GeneratePassword()
	hash, err2 := auth.HashPassword(password)
	err = err2
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "Sanne Jansen",
		Role: auth.RoleAgent}, Team: "Team Klantcontact", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	open(t, agent, site.URL+"/beheer/inloggen")
	follow(t, agent, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, agent, site.URL+"/beheer/chat")
	waitFor(t, agent, "agent connected", `document.getElementById("chat-console").dataset.connected === "true"`)

	// The resident starts a chat and waits in the queue.
	open(t, resident, site.URL+"/producten/paspoort")
	do(t, resident, "open the chat", chromedp.Click(chromedp.CSS("#chat-open")))
	waitFor(t, resident, "the start form", `!document.getElementById("chat-start-form").hidden`)
	do(t, resident, "ask", chromedp.SendKeys(chromedp.CSS("#chat-question"), "Mijn paspoort is verlopen, wat moet ik doen?"))
	waitFor(t, resident, "matching answers while typing", `document.querySelectorAll("#chat-suggestions li").length > 0`)
	CheckAccessibility(t, resident, "chat widget with suggestions")
	do(t, resident, "start", chromedp.Click(chromedp.CSS(`#chat-start-form button[type=submit]`)))
	waitFor(t, resident, "place in the queue", `document.getElementById("chat-status").textContent.includes("nummer 1")`)

	// The agent takes the chat and answers; the resident sees it and answers back.
	waitFor(t, agent, "the queue", `document.querySelectorAll(".chat-accept").length === 1`)
	do(t, agent, "accept", chromedp.Click(chromedp.CSS(".chat-accept")))
	waitFor(t, agent, "the question", `document.querySelector(".chat-panel .chat-log")?.textContent.includes("paspoort is verlopen")`)
	CheckAccessibility(t, agent, "agent chat console")
	sendAgent := func(msg string) {
		do(t, agent, "agent writes", chromedp.SendKeys(chromedp.CSS(".chat-panel__text"), msg),
			chromedp.Click(chromedp.CSS(`.chat-panel__send button[type=submit]`)))
	}
	sendAgent("Goedemorgen, u kunt een afspraak maken.")
	waitFor(t, resident, "the agent's answer", `document.getElementById("chat-log").textContent.includes("afspraak maken")`)
	do(t, resident, "resident writes", chromedp.SendKeys(chromedp.CSS("#chat-text"), "Wat kost dat?"),
		chromedp.Click(chromedp.CSS(`#chat-send-form button[type=submit]`)))
	waitFor(t, agent, "the resident's message", `document.querySelector(".chat-panel .chat-log").textContent.includes("Wat kost dat?")`)

	// The resident's connection drops. Two agent messages are committed while it is gone, without being
	// pushed to anyone: the reconnecting widget can only get them by asking for what came after its last
	// sequence number. Then it must show each message once, in order.
	run(t, resident, "drop the connection", chromedp.Evaluate[bool](`window.__chatSockets.forEach(s => s.close()); true`))
	waitFor(t, resident, "the drop is noticed", `document.getElementById("chat").dataset.connected === "false"`)
	chats, err2 := site.App.Store.Chats(context.Background(), store.ChatActive, 0)
	if err2 != nil || len(chats) != 1 {
		t.Fatalf("active chats %v %v", chats, err2)
	}
	for _, text := range []string{"Een paspoort kost 84,20 euro.", "Neem een pasfoto mee."} {
		if _, err := site.App.Store.AddChatLine(context.Background(), chats[0].ConversationID,
			store.ChatLine{Kind: "out", Author: "Sanne Jansen", Text: text}, contact.Settings{}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, resident, "the missed messages", `document.getElementById("chat-log").textContent.includes("84,20 euro") && document.getElementById("chat-log").textContent.includes("pasfoto")`)
	waitFor(t, resident, "each message once, in order", `(() => {
		const seqs = [...document.querySelectorAll("#chat-log li[data-seq]")].map(li => Number(li.dataset.seq));
		return seqs.length === 5 && seqs.every((s, i) => s === i + 1);
	})()`)
	CheckAccessibility(t, resident, "chat widget during a chat")
}

// recordSockets wraps the browser's WebSocket so the test can reach the widget's open sockets.
const recordSockets = `(() => {
	const Original = window.WebSocket;
	window.__chatSockets = [];
	window.WebSocket = function (url, protocols) {
		const ws = new Original(url, protocols);
		window.__chatSockets.push(ws);
		return ws;
	};
	window.WebSocket.prototype = Original.prototype;
})();`
