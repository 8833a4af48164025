// Every test here runs real processes (control planes, sidecars, gateways) on a shared 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
