package store_test

import (
	"testing"

	"loket/internal/store"
)

func TestParseChatNotice(t *testing.T) {
	for _, tc := range []struct {
		payload string
		want    store.ChatNotice
		ok      bool
	}{
		{"42:message:7:", store.ChatNotice{Chat: 42, Kind: store.NoticeMessage, Seq: 7}, true},
		{"3:typing-in:0:abc", store.ChatNotice{Chat: 3, Kind: store.NoticeTypingIn, Origin: "abc"}, true},
		{"42:message:7", store.ChatNotice{}, false},   // no origin field
		{"0:message:7:", store.ChatNotice{}, false},   // no chat
		{"42:shouting:7:", store.ChatNotice{}, false}, // unknown kind
		{"42:message:-1:", store.ChatNotice{}, false}, // negative sequence
		{"x:message:1:", store.ChatNotice{}, false},   // not a number
		{"1:ended:2:a:b", store.ChatNotice{}, false},  // too many fields
	} {
		got, err := store.ParseChatNotice(tc.payload)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseChatNotice(%q) = %+v, %v; want %+v, ok %v", tc.payload, got, err, tc.want, tc.ok)
		}
		if tc.ok && got.String() != tc.payload {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tc.payload)
		}
	}
}
