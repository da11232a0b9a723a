package app_test

import (
	"errors"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/config"
)

// TestEveryBadSettingIsNamedAtStartUp: the settings config parses and those a capability parses (opening
// hours, service levels, waiting rules) are reported together, each once under its flag, as the
// commands report them.
func TestEveryBadSettingIsNamedAtStartUp(t *testing.T) {
	env := map[string]string{"LOKET_CONTACT_HOURS": "maandag de hele dag", "LOKET_SERVICE_LEVELS": "email=24h/8h",
		"LOKET_WAITING_DAYS": "10/5", "LOKET_CHAT_HOURS": "zo 25:00-26:00", "LOKET_CHAT_MAX_WAITING": "0"}
	var cfg config.Config
	err := errors.Join(config.Load(&cfg, func(k string) string { return env[k] }), app.CheckSettings(cfg))
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"--contact-hours / LOKET_CONTACT_HOURS", "--service-levels / LOKET_SERVICE_LEVELS",
		"--waiting-days / LOKET_WAITING_DAYS", "--chat-hours / LOKET_CHAT_HOURS", "--chat-max-waiting / LOKET_CHAT_MAX_WAITING"} {
		if n := strings.Count(err.Error(), want); n != 1 {
			t.Errorf("named %s %d times, want once:\n%v", want, n, err)
		}
	}
	var good config.Config
	if err := errors.Join(config.Load(&good, func(string) string { return "" }), app.CheckSettings(good)); err != nil {
		t.Errorf("the defaults are refused: %v", err)
	}
}
