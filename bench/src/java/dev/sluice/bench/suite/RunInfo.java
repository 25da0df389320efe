package dev.sluice.bench.suite;

import java.time.Duration;
import java.time.ZonedDateTime;

/** How a suite run was made: what the report's header states. */
record RunInfo(ZonedDateTime started, Profile profile, String commandLine, Duration duration, Machine machine) {
}
