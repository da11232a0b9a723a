package app

import (
	"context"
	"time"

	"loket/internal/appointment"
	"loket/internal/contact"
	"loket/internal/insight"
)

// openAppointments builds the appointment service on the store, with the links and signature of the
// contact mails.
func (a *App) openAppointments(set contact.Settings) *appointment.Service {
	return appointment.NewService(a.Store, a.Store, a.Insight, appointment.MailSettings{BaseURL: a.cfg.BaseURL,
		Municipality: set.Mailer.Municipality, Domain: set.Mailer.Domain}, a.clock)
}

// startAppointmentWorkers queues the reminders of tomorrow's appointments (checked every minute, each
// queued once even with several instances) and measures the waiting time to the first free slot every hour.
func (a *App) startAppointmentWorkers(ctx context.Context) {
	a.goWorker(func() {
		insight.Every(ctx, time.Minute, a.log, "appointment reminders", func(ctx context.Context) error {
			_, err := a.Appointments.SendReminders(ctx)
			return err
		})
	})
	a.goWorker(func() {
		insight.Every(ctx, time.Hour, a.log, "appointment waiting times", a.Appointments.SampleWaits)
	})
	// Bookings held for a payment that did not come in time are freed, and refunds the provider did not
	// take are retried.
	a.goWorker(func() {
		insight.Every(ctx, time.Minute, a.log, "appointment payments", func(ctx context.Context) error {
			_, err := a.Appointments.SweepPayments(ctx)
			return err
		})
	})
}
