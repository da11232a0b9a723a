package municipality

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sync"

	"loket/internal/problem"
)

// Store keeps the settings; the store package implements it.
type Store interface {
	// MunicipalitySettings returns the saved settings as JSON, or problem.ErrNotFound before the first save.
	MunicipalitySettings(ctx context.Context) ([]byte, error)
	// SaveMunicipalitySettings saves them and writes the audit entry for actor in the same transaction,
	// and tells the other instances.
	SaveMunicipalitySettings(ctx context.Context, body []byte, actor, detail string) error
}

// PublishedArticle reports whether id names a published article, for checking the top tasks.
type PublishedArticle func(ctx context.Context, id string) bool

// Service owns the settings: every surface reads Current and changes them through Save.
type Service struct {
	store     Store
	published PublishedArticle

	mu       sync.RWMutex
	cur      Settings
	onChange []func()
}

// OnChange calls fn after every change of the settings, saved here or reloaded from another instance.
func (s *Service) OnChange(fn func()) {
	s.mu.Lock()
	s.onChange = append(s.onChange, fn)
	s.mu.Unlock()
}

func (s *Service) changed() {
	s.mu.RLock()
	fns := append([]func(){}, s.onChange...)
	s.mu.RUnlock()
	for _, fn := range fns {
		fn()
	}
}

// NewService loads the saved settings, or starts from Defaults when none are saved yet.
func NewService(ctx context.Context, st Store, published PublishedArticle) (*Service, error) {
	s := &Service{store: st, published: published, cur: Defaults()}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Current is the settings in force now. The caller gets its own copy.
func (s *Service) Current() Settings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.cur
	c.TopTasks = append([]string(nil), s.cur.TopTasks...)
	return c
}

// Reload reads the settings from the store: at start and when another instance saved them.
func (s *Service) Reload(ctx context.Context) error {
	body, err := s.store.MunicipalitySettings(ctx)
	if errors.Is(err, problem.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load municipality settings: %w", err)
	}
	next := Defaults()
	if err := json.Unmarshal(body, &next); err != nil {
		return fmt.Errorf("decode municipality settings: %w", err)
	}
	s.mu.Lock()
	changed := !reflect.DeepEqual(s.cur, next)
	s.cur = next
	s.mu.Unlock()
	if changed {
		s.changed()
	}
	return nil
}

// Save validates next (every problem at once), checks that the top tasks are published articles, and
// saves it with an audit entry for actor naming what changed.
func (s *Service) Save(ctx context.Context, actor string, next Settings) error {
	if next.Logo.Empty() {
		next.Logo = Logo{}
	}
	err := next.Validate()
	var f problem.Fields
	for field, msg := range problem.FieldsOf(err) {
		f.Add(field, msg)
	}
	if err != nil && len(f) == 0 {
		return err
	}
	for _, id := range next.TopTasks {
		if s.published != nil && !s.published(ctx, id) {
			f.Add("top_tasks", "Kies als toptaak alleen gepubliceerde artikelen; ‘"+id+"’ is dat niet.")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	body, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if err := s.store.SaveMunicipalitySettings(ctx, body, actor, changed(s.Current(), next)); err != nil {
		return fmt.Errorf("save municipality settings: %w", err)
	}
	s.mu.Lock()
	s.cur = next
	s.mu.Unlock()
	s.changed()
	return nil
}

// changed names the top-level settings that differ, for the audit log.
func changed(old, next Settings) string {
	a, _ := json.Marshal(old)
	b, _ := json.Marshal(next)
	var ma, mb map[string]json.RawMessage
	_ = json.Unmarshal(a, &ma)
	_ = json.Unmarshal(b, &mb)
	var names []byte
	for _, k := range sortedKeys(mb) {
		if string(ma[k]) != string(mb[k]) {
			if len(names) > 0 {
				names = append(names, ", "...)
			}
			names = append(names, k...)
		}
	}
	if len(names) == 0 {
		return "geen wijzigingen"
	}
	return "gewijzigd: " + string(names)
}

// File is the settings file read at first start: the settings in JSON, with the logo as a file path
// relative to the settings file instead of inline data.
type File struct {
	Settings
	LogoFile string `json:"logo_file"`
}

// SeedFromFile saves the settings of a settings file when nothing is saved yet, so that a new
// installation starts as the municipality it is for. Once an administrator saved settings, the file is
// ignored: the console is then the source.
func (s *Service) SeedFromFile(ctx context.Context, path string) (seeded bool, err error) {
	if _, err := s.store.MunicipalitySettings(ctx); !errors.Is(err, problem.ErrNotFound) {
		return false, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read settings file: %w", err)
	}
	f := File{Settings: Defaults()}
	if err := json.Unmarshal(raw, &f); err != nil {
		return false, fmt.Errorf("settings file %s: %w", path, err)
	}
	if f.LogoFile != "" {
		if f.Logo.Data, err = os.ReadFile(resolve(path, f.LogoFile)); err != nil {
			return false, fmt.Errorf("settings file %s: logo: %w", path, err)
		}
		f.Logo.ContentType, _ = checkLogo(f.Logo.Data)
	}
	if err := s.Save(ctx, "system", f.Settings); err != nil {
		return false, fmt.Errorf("settings file %s: %w", path, err)
	}
	return true, nil
}
