package suites

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/lambdaconf/lambdaconf/check"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/spec"
	"github.com/lambdaconf/lambdaconf/target"
)

// limitSettings says how an endpoint must be configured for each limit spec,
// in lambdaconf serve's flags.
var limitSettings = map[spec.ClauseID]string{
	spec.Throttled:          "-rate-limit 2",
	spec.CodeStorage:        "-code-storage-quota 65536",
	spec.ConflictInProgress: "-update-duration 5s",
	spec.ServiceFault:       "-service-fault-every 5",
}

// declaredLimits reads LAMBDACONF_ENDPOINT_LIMITS, the comma-separated
// clause IDs whose limit the user says the endpoint under test has.
func declaredLimits() map[spec.ClauseID]bool {
	out := map[spec.ClauseID]bool{}
	for _, s := range strings.Split(os.Getenv("LAMBDACONF_ENDPOINT_LIMITS"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out[spec.ClauseID(strings.ToUpper(s))] = true
		}
	}
	return out
}

// dedicated returns fixtures on an endpoint that has the limit of clause
// id: with the embedded reference, a dedicated one started like it, with
// its faults, plus the limit configure sets; with an endpoint the user
// gave, that endpoint if LAMBDACONF_ENDPOINT_LIMITS declares the limit, and
// otherwise the spec is skipped, since an arbitrary endpoint cannot be
// driven into a limit.
func dedicated(ctx context.Context, id spec.ClauseID, configure func(*reference.Options)) check.Env {
	GinkgoHelper()
	requireProfile(id)
	if !shared.Embedded {
		if declaredLimits()[id] {
			return newEnv(ctx)
		}
		Skip(fmt.Sprintf("%s is reachable only on an endpoint configured with that limit: to check %s, configure it like lambdaconf serve %s and set LAMBDACONF_ENDPOINT_LIMITS=%s", id, shared.Endpoint, limitSettings[id], id))
	}
	cfg, err := target.FromEnv()
	Expect(err).NotTo(HaveOccurred())
	opts, err := referenceOptions(cfg)
	Expect(err).NotTo(HaveOccurred())
	configure(&opts)
	srv := reference.NewServer(opts)
	DeferCleanup(srv.Close)
	cfg.Endpoint = srv.URL
	t, err := target.Open(ctx, cfg)
	Expect(err).NotTo(HaveOccurred(), "opening the dedicated reference")
	return newEnvOn(ctx, t, false)
}

var _ = Describe("Limits", Label("limits"), func() {
	It("throttles requests over the rate limit with 429 and Retry-After", reportable(spec.Throttled), func(ctx SpecContext) {
		env := dedicated(ctx, spec.Throttled, func(o *reference.Options) { o.RateLimit = 2 })
		// Let the token bucket refill after the fixtures' calls, so that the
		// burst starts with full tokens and the limit is what stops it.
		time.Sleep(1500 * time.Millisecond)
		if !shared.Embedded {
			// Refill the bucket again before the fixtures are deleted,
			// which runs after this and would be throttled too.
			DeferCleanup(func() { time.Sleep(1500 * time.Millisecond) })
		}
		report(env, nil, "", check.Throttling(ctx, env, 8, check.Zip("index.py", "# throttled\n")))
	})

	It("refuses code over the storage quota with CodeStorageExceededException", reportable(spec.CodeStorage), func(ctx SpecContext) {
		env := dedicated(ctx, spec.CodeStorage, func(o *reference.Options) { o.CodeStorageQuota = 64 << 10 })
		report(env, nil, "", check.StorageQuota(ctx, env, generators.LargeZip(128<<10, 7)))
	})

	It("refuses an update while another is in progress with 409", reportable(spec.ConflictInProgress), func(ctx SpecContext) {
		env := dedicated(ctx, spec.ConflictInProgress, func(o *reference.Options) { o.UpdateDuration = 5 * time.Second })
		report(env, nil, "", check.InProgress(ctx, env, check.Zip("index.py", "# slow update\n")))
	})

	It("answers injected internal failures as 500 ServiceException in the error format", reportable(spec.ServiceFault), func(ctx SpecContext) {
		env := dedicated(ctx, spec.ServiceFault, func(o *reference.Options) { o.ServiceFaultEvery = 5 })
		report(env, nil, "", check.ServiceFaults(ctx, env, 10, check.Zip("index.py", "# service fault\n")))
	})
})
