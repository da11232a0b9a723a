package municipality

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"loket/internal/problem"
)

// ChannelStore keeps the channel settings; the store package implements it.
type ChannelStore interface {
	// MunicipalityChannels returns the saved settings as JSON, or problem.ErrNotFound before the first save.
	MunicipalityChannels(ctx context.Context) ([]byte, error)
	// SaveMunicipalityChannels saves them with the audit entry for actor in one transaction and tells the other
	// instances.
	SaveMunicipalityChannels(ctx context.Context, body []byte, actor, detail string) error
}

// Claim kinds: what must belong to one municipality only on a deployment.
const (
	ClaimRecipient = "recipient" // an intake e-mail address
	ClaimWhatsApp  = "whatsapp"  // a WhatsApp phone number id
)

// Taken reports which other municipality of the deployment already uses value, or "" when none does.
type Taken func(kind, value string) (owner string)

// ChannelOptions configure a ChannelService.
type ChannelOptions struct {
	Store ChannelStore
	// Key is the host's key (32 bytes, base64 or hex) that seals the secrets; without it secrets cannot be
	// saved (the settings without secrets can).
	Key string
	// Tenant binds every sealed secret to this municipality: "" for a single installation.
	Tenant string
	// Defaults are in force until the first save: for a single installation the channels of its flags.
	Defaults Channels
}

// ChannelService owns the channel settings: the console changes them through Save, the application reads
// Current and is told of every change (on this instance at once, on others through Reload).
type ChannelService struct {
	store    ChannelStore
	seal     *sealer // nil without a host key
	defaults Channels

	mu       sync.RWMutex
	cur      Channels
	saved    bool
	taken    Taken
	onChange []func(Channels)
}

// NewChannelService loads the saved channel settings, or starts from the defaults.
func NewChannelService(ctx context.Context, opts ChannelOptions) (*ChannelService, error) {
	s := &ChannelService{store: opts.Store, defaults: opts.Defaults, cur: opts.Defaults}
	if opts.Key != "" {
		seal, err := newSealer(opts.Key, opts.Tenant)
		if err != nil {
			return nil, err
		}
		s.seal = seal
	}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Current is the channel settings in force, secrets included: for the application, never for a page.
func (s *ChannelService) Current() Channels {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.cur
	c.Email.Recipients = slices.Clone(c.Email.Recipients)
	c.WhatsApp.Templates = slices.Clone(c.WhatsApp.Templates)
	return c
}

// Saved reports whether an administrator saved channel settings (else the defaults are in force).
func (s *ChannelService) Saved() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.saved
}

// CanSealSecrets reports whether this deployment has a host key, without which no secret can be saved.
func (s *ChannelService) CanSealSecrets() bool { return s.seal != nil }

// SetTaken installs the check that an address or number is not another municipality's.
func (s *ChannelService) SetTaken(t Taken) {
	s.mu.Lock()
	s.taken = t
	s.mu.Unlock()
}

// OnChange calls fn with the new settings after every change, saved here or reloaded from another instance.
func (s *ChannelService) OnChange(fn func(Channels)) {
	s.mu.Lock()
	s.onChange = append(s.onChange, fn)
	s.mu.Unlock()
}

// Reload reads the settings again (another instance saved them) and tells OnChange when they differ.
func (s *ChannelService) Reload(ctx context.Context) error {
	before := s.Current()
	if err := s.load(ctx); err != nil {
		return err
	}
	if after := s.Current(); !reflect.DeepEqual(before, after) {
		s.changed(after)
	}
	return nil
}

func (s *ChannelService) load(ctx context.Context) error {
	body, err := s.store.MunicipalityChannels(ctx)
	if errors.Is(err, problem.ErrNotFound) {
		s.mu.Lock()
		s.cur, s.saved = s.defaults, false
		s.mu.Unlock()
		return nil
	}
	if err != nil {
		return fmt.Errorf("load channel settings: %w", err)
	}
	var next Channels
	if err := json.Unmarshal(body, &next); err != nil {
		return fmt.Errorf("decode channel settings: %w", err)
	}
	for name, p := range next.secrets() {
		if *p == "" {
			continue
		}
		if s.seal == nil {
			return fmt.Errorf("channel secret %s is stored but this deployment has no host key to open it", name)
		}
		if *p, err = s.seal.open(name, *p); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.cur, s.saved = next, true
	s.mu.Unlock()
	return nil
}

// Save checks next (every problem at once, nothing saved on any) and saves it with an audit entry for
// actor that names what changed but never a secret's value. A secret left empty in next keeps its current
// value; the secrets named in clear are removed.
func (s *ChannelService) Save(ctx context.Context, actor string, next Channels, clear []string) error {
	cur := s.Current()
	curSecrets, nextSecrets := cur.secrets(), next.secrets()
	for name, p := range nextSecrets {
		switch {
		case slices.Contains(clear, name):
			*p = ""
		case *p == "":
			*p = *curSecrets[name]
		}
	}
	err := next.Validate()
	var f problem.Fields
	for field, msg := range problem.FieldsOf(err) {
		f.Add(field, msg)
	}
	if err != nil && len(f) == 0 {
		return err
	}
	s.checkTaken(&f, next)
	if s.seal == nil {
		for name, p := range nextSecrets {
			if *p != "" {
				f.Add(name, "Deze installatie heeft geen sleutel om geheimen versleuteld te bewaren. Vraag de beheerder van de server om --identity-key in te stellen.")
			}
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	stored := next
	stored.Email.Recipients = slices.Clone(next.Email.Recipients)
	for name, p := range stored.secrets() {
		if *p != "" {
			*p = s.seal.seal(name, *p)
		}
	}
	body, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	if err := s.store.SaveMunicipalityChannels(ctx, body, actor, channelChanges(cur, next)); err != nil {
		return fmt.Errorf("save channel settings: %w", err)
	}
	s.mu.Lock()
	s.cur, s.saved = next, true
	s.mu.Unlock()
	s.changed(next)
	return nil
}

func (s *ChannelService) checkTaken(f *problem.Fields, c Channels) {
	s.mu.RLock()
	taken := s.taken
	s.mu.RUnlock()
	if taken == nil {
		return
	}
	for _, r := range c.Email.Recipients {
		if owner := taken(ClaimRecipient, r); owner != "" {
			f.Add("email.recipients", "Het adres ‘"+r+"’ is al in gebruik bij "+owner+". Elk adres hoort bij één gemeente.")
		}
	}
	if id := c.WhatsApp.PhoneNumberID; id != "" {
		if owner := taken(ClaimWhatsApp, id); owner != "" {
			f.Add("whatsapp.phone_number_id", "Dit WhatsApp-nummer is al in gebruik bij "+owner+".")
		}
	}
}

func (s *ChannelService) changed(c Channels) {
	s.mu.RLock()
	fns := slices.Clone(s.onChange)
	s.mu.RUnlock()
	for _, fn := range fns {
		fn(c)
	}
}

// channelChanges names, for the audit log, the settings and secrets that differ; never a secret's value.
func channelChanges(old, next Channels) string {
	var names []string
	oldSecrets, nextSecrets := old.secrets(), next.secrets()
	for name, p := range nextSecrets {
		if *p != *oldSecrets[name] {
			names = append(names, name+" (geheim)")
			*p, *oldSecrets[name] = "", "" // leave them out of the comparison below
		}
	}
	a, _ := json.Marshal(old)
	b, _ := json.Marshal(next)
	names = append(names, diffJSON("", a, b)...)
	if len(names) == 0 {
		return "geen wijzigingen"
	}
	sort.Strings(names)
	return "gewijzigd: " + strings.Join(names, ", ")
}

// diffJSON names the leaves that differ between two JSON objects, as section.field.
func diffJSON(prefix string, a, b []byte) []string {
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		if string(a) != string(b) {
			return []string{strings.TrimSuffix(prefix, ".")}
		}
		return nil
	}
	var out []string
	for _, k := range sortedKeys(mb) {
		if string(ma[k]) != string(mb[k]) {
			out = append(out, diffJSON(prefix+k+".", ma[k], mb[k])...)
		}
	}
	return out
}
