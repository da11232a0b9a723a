package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"loket/internal/appointment"
	"loket/internal/config"
	"loket/internal/payment/mollietest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAPIBookingPaidAtBooking: through the API, a product that is paid at booking answers 201 with the
// appointment held (awaiting_payment), the amount for two persons (2 × € 84,00), the provider's checkout
// page and the end of the hold; the time is taken meanwhile, so the same slot again is 409.
func TestAPIBookingPaidAtBooking(t *testing.T) {
	mollie := mollietest.Start(t)
	st := storetest.Open(t, store.SQLite)
	srv, a := startOn(t, st.DSN(), false, func(c *config.Config) { c.MollieAPIKey, c.MollieAPIURL = mollie.APIKey, mollie.APIURL() })
	openAllHours(t, a)
	if err := a.Appointments.SaveProduct(context.Background(), appointment.Product{ID: "paspoort", Title: "Paspoort aanvragen", MinutesPerPerson: 10,
		PayAtBooking: true, FeeCents: 8400, RefundPercent: 100}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	booking := map[string]any{"products": []string{"paspoort"}, "persons": 2, "location": "overal", "start": start,
		"name": "Fam. Jansen", "email": "jansen@example.nl"}
	code, body := postJSON(t, srv.URL+"/api/v1/appointments", booking)
	var made struct {
		State       string    `json:"state"`
		FeeCents    int64     `json:"fee_cents"`
		CheckoutURL string    `json:"checkout_url"`
		HoldUntil   time.Time `json:"hold_until"`
	}
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &made) != nil || made.State != "awaiting_payment" || made.FeeCents != 16800 ||
		!strings.HasPrefix(made.CheckoutURL, mollie.URL+"/checkout/") || made.HoldUntil.Sub(time.Now()) > 30*time.Minute || made.HoldUntil.Before(time.Now()) {
		t.Fatalf("booking: %d %s", code, body)
	}
	booking["email"] = "ander@example.nl"
	if code, body := postJSON(t, srv.URL+"/api/v1/appointments", booking); code != http.StatusConflict {
		t.Errorf("the held slot again: %d %s", code, body)
	}
}
