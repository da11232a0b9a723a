package app

import (
	"context"
	"fmt"
	"testing"

	"loket/internal/channel/whatsapp"
	"loket/internal/municipality"
	"loket/internal/problem"
)

// memChannels keeps one municipality's channel settings in memory, for the routing benchmarks.
type memChannels struct{ body []byte }

func (m *memChannels) MunicipalityChannels(context.Context) ([]byte, error) {
	if m.body == nil {
		return nil, problem.ErrNotFound
	}
	return m.body, nil
}

func (m *memChannels) SaveMunicipalityChannels(_ context.Context, body []byte, _, _ string) error {
	m.body = body
	return nil
}

// deploymentOf builds a deployment of n municipalities that have only their channels: two intake
// addresses and a WhatsApp number each.
func deploymentOf(b *testing.B, n int) *Deployment {
	b.Helper()
	ctx := context.Background()
	d := &Deployment{tenants: map[string]*App{}, byHost: map[string]*App{}}
	for i := range n + 1 {
		svc, err := municipality.NewChannelService(ctx, municipality.ChannelOptions{Store: &memChannels{},
			Key: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", Tenant: fmt.Sprint(i)})
		if err != nil {
			b.Fatal(err)
		}
		c := municipality.Channels{Email: municipality.EmailChannel{Recipients: []string{fmt.Sprintf("info@gemeente-%d.nl", i), fmt.Sprintf("vragen@gemeente-%d.nl", i)}},
			WhatsApp: municipality.WhatsAppChannel{PhoneNumberID: fmt.Sprint(1000000 + i), AccessToken: "t", AppSecret: "s"}}
		if err := svc.Save(ctx, "bench", c, nil); err != nil {
			b.Fatal(err)
		}
		a := &App{Channels: svc, tenantID: fmt.Sprint(i)}
		if i == 0 {
			d.host = a
		} else {
			d.tenants[fmt.Sprint(i)] = a
		}
	}
	d.reroute()
	return d
}

// BenchmarkRouteMail342 finds the municipality of an intake address among 342 (every Dutch municipality),
// as the deployment's SMTP listener does for every RCPT TO.
func BenchmarkRouteMail342(b *testing.B) {
	d := deploymentOf(b, 342)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, ok := d.routeMail(fmt.Sprintf("vragen@gemeente-%d.nl", i%342+1)); !ok {
			b.Fatal("address not routed")
		}
	}
}

// BenchmarkRouteWhatsApp342 reads the business number of a webhook body and finds its municipality among
// 342, the part of a webhook call that comes before the municipality checks the signature.
func BenchmarkRouteWhatsApp342(b *testing.B) {
	d := deploymentOf(b, 342)
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp",` +
		`"metadata":{"display_phone_number":"31201234567","phone_number_id":"1000300"},"contacts":[{"profile":{"name":"Inwoner"},"wa_id":"31612345678"}],` +
		`"messages":[{"from":"31612345678","id":"wamid.1","timestamp":"1764840000","type":"text","text":{"body":"Hallo"}}]},"field":"messages"}]}]}`)
	b.ReportAllocs()
	for b.Loop() {
		ids, err := whatsapp.PhoneNumberIDs(body)
		if err != nil || len(ids) != 1 {
			b.Fatal(err)
		}
		if targets := d.whatsAppTargets(ids); len(targets) != 1 {
			b.Fatalf("%d targets", len(targets))
		}
	}
}
