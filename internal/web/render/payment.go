package render

import "loket/internal/payment"

var paymentStatusNames = map[payment.Status]string{
	payment.StatusOpen: "Wacht op betaling", payment.StatusPending: "Wacht op de bank", payment.StatusAuthorized: "Goedgekeurd",
	payment.StatusPaid: "Betaald", payment.StatusCanceled: "Geannuleerd", payment.StatusExpired: "Verlopen", payment.StatusFailed: "Mislukt",
}

// PaymentStatus is the Dutch name of a payment's status.
func PaymentStatus(s payment.Status) string {
	if n, ok := paymentStatusNames[s]; ok {
		return n
	}
	return string(s)
}
