//! `jobtap scrape`: fetch, normalize, tag, export (and merge, and remember).

use super::job;
use super::{
    log, parse_endpoint, parse_rate, tag_rules, ConfigArg, DefinitionArgs, Exit, FilterArgs,
    OutputArgs,
};
use crate::clock::now;
use crate::definition::SourceSpec;
use crate::fetch::{FetchOptions, Rate, RetryPolicy};
use crate::pipeline::{Invocation, Job};
use crate::scrape::ScrapeOptions;
use crate::secrets::Secrets;
use crate::tag::{Pending, Tagger};
use clap::Args;
use std::{path::PathBuf, time::Duration};
use url::Url;

#[derive(Debug, Args)]
pub struct ScrapeArgs {
    /// Sources as NAME or NAME:ARG (e.g. greenhouse:vercel lever:spotify remotive); see
    /// `jobtap sources`. None: the built-in search for customer-support jobs,
    /// jobicy:supporting remotive:customer-support themuse:"Customer Service"
    /// weworkremotely:remote-customer-support-jobs.
    #[arg(value_name = "SOURCE", value_parser = SourceSpec::parse)]
    pub sources: Vec<SourceSpec>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Merge into a master sheet (CSV or XLSX) you keep and edit: new postings added, known
    /// ones refreshed, your own columns and rows kept. With no -o, nothing goes to stdout.
    /// Not while LibreOffice or Excel has the sheet open (exit 5): close it first.
    #[arg(long, value_name = "FILE")]
    pub merge_into: Option<PathBuf>,
    /// Also write the postings written (with --new-only, the new ones) as a self-contained
    /// HTML page (filter box, tag toggles; works offline), e.g. beside the master sheet.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub state: StateArgs,
    #[command(flatten)]
    pub notify: NotifyArgs,
    #[command(flatten)]
    pub definitions: DefinitionArgs,
    #[command(flatten)]
    pub net: NetArgs,
    /// Fetch each posting's own page where a source's list lacks details (date, full
    /// description, pay); one more request per posting, within --limit.
    #[arg(long)]
    pub details: bool,
}

/// What jobtap remembers between runs, and how runs share it.
#[derive(Debug, Args)]
pub struct StateArgs {
    /// The state database (SQLite) that remembers postings seen and each source's last
    /// fetch [default with --new-only: the platform's data dir, ~/.local/share/jobtap/state.sqlite].
    #[arg(long, value_name = "PATH", env = "JOBTAP_STATE")]
    pub state: Option<PathBuf>,
    /// Write only postings no earlier `jobtap scrape` saw (each saved search of `jobtap run`
    /// keeps its own record); the master sheet still gets them all.
    #[arg(long)]
    pub new_only: bool,
    /// With --new-only, also postings whose content changed since last seen.
    #[arg(long)]
    pub include_changed: bool,
    /// Fetch sources even within their min_interval.
    #[arg(long)]
    pub force: bool,
    /// When another run holds the state or master sheet, wait for it (saying once which
    /// file) instead of exiting 5.
    #[arg(long)]
    pub wait: bool,
}

impl StateArgs {
    /// The state path: given, or the default when the job needs one.
    pub fn path(&self, needed: bool) -> anyhow::Result<Option<PathBuf>> {
        match &self.state {
            Some(p) => Ok(Some(p.clone())),
            None if needed || self.new_only || self.include_changed => {
                Ok(Some(crate::state::default_path().ok_or_else(|| {
                    anyhow::anyhow!("no data directory here: pass --state PATH")
                })?))
            }
            None => Ok(None),
        }
    }
}

/// Alerts of the postings new in a run.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// After the output and sheet are written, send the postings new in this run to
    /// command:PROG ARGS (JSON Lines on its stdin) or webhook:URL (one JSON POST; the URL
    /// is never shown); repeatable. Keeps state (see --state); a failed alert is tried
    /// once more, and its postings are sent again by the next run until one gets there.
    #[arg(long = "notify", value_name = "SPEC")]
    pub notify: Vec<String>,
    /// The body webhooks get: json (the summary and the postings), slack (also Mattermost),
    /// discord, ntfy (the URL ends with the topic).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "json")]
    pub notify_format: crate::notify::Format,
    /// Also alert on the first run, when every posting is new (by default it only
    /// remembers them).
    #[arg(long)]
    pub notify_first_run: bool,
}

impl NotifyArgs {
    /// The targets, or a usage message (which never repeats a webhook's URL).
    pub fn targets(&self) -> Result<Vec<crate::notify::Target>, String> {
        self.notify
            .iter()
            .map(|s| crate::notify::Target::parse(s).map_err(|e| format!("--notify {e}")))
            .collect()
    }
}

/// Where requests go and how patiently.
#[derive(Debug, Args)]
pub struct NetArgs {
    /// Send a source's requests to another base URL (mirror, proxy, test server); repeatable.
    #[arg(long, value_name = "NAME=URL", value_parser = parse_endpoint)]
    pub endpoint: Vec<(String, Url)>,
    /// Override a source's polite default rate, e.g. remotive=1/min; repeatable.
    #[arg(long, value_name = "NAME=N/PERIOD", value_parser = parse_rate)]
    pub rate: Vec<(String, Rate)>,
    /// User-Agent header (default names jobtap and its version).
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Time limit for each request.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
    /// Tries after a request that failed in a way another try could mend (timeouts, resets, 408, 429, 5xx).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: usize,
    /// First wait between tries; it doubles with each try (with jitter).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = humantime::parse_duration)]
    pub backoff: Duration,
    /// Longest wait between tries; a site whose Retry-After asks for longer ends that source at once.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = humantime::parse_duration)]
    pub max_wait: Duration,
    /// How long one source may spend on the network, retries and their waits included (its
    /// waits for its rate not counted); then it fails, keeping what it fetched [default: 60s,
    /// or the config's source_timeout].
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub source_timeout: Option<Duration>,
    /// Largest response body accepted, in bytes after decompression.
    #[arg(long, value_name = "BYTES", default_value_t = 8 * 1024 * 1024)]
    pub max_body: usize,
    /// Fetch pages that robots.txt disallows (off by default: be polite).
    #[arg(long)]
    pub ignore_robots: bool,
}

impl NetArgs {
    /// The fetcher's options; `source_timeout` stands in for the flag when it is not given
    /// (a config file's).
    pub fn fetch_options(&self, source_timeout: Option<Duration>) -> FetchOptions {
        let default = FetchOptions::default();
        FetchOptions {
            user_agent: self
                .user_agent
                .clone()
                .unwrap_or_else(crate::fetch::default_user_agent),
            timeout: self.timeout,
            max_body: self.max_body,
            retry: RetryPolicy {
                retries: self.retries,
                base: self.backoff,
                max_wait: self.max_wait,
                ..RetryPolicy::default()
            },
            ignore_robots: self.ignore_robots,
            source_timeout: self
                .source_timeout
                .or(source_timeout)
                .unwrap_or(default.source_timeout),
            ..default
        }
    }
}

pub fn run(args: ScrapeArgs) -> anyhow::Result<Exit> {
    let registry = args.definitions.registry()?;
    let specs = if args.sources.is_empty() {
        registry.default_specs()
    } else {
        args.sources.clone()
    };
    if let Err(e) = args.output.check() {
        log::error(e);
        return Ok(Exit::Usage);
    }
    let rules = tag_rules(&args.config)?;
    let filter = match args.filter.filter(&rules, now()) {
        Ok(f) => f,
        Err(e) => {
            log::error(e);
            return Ok(Exit::Usage);
        }
    };
    let notify = match args.notify.targets() {
        Ok(t) => t,
        Err(e) => {
            log::error(e);
            return Ok(Exit::Usage);
        }
    };
    // The automaton builds while the first requests are in flight.
    let tagger = Pending::spawn(move || Tagger::new(rules).expect("rules checked with the config"));
    let job = Job {
        specs,
        opts: ScrapeOptions {
            query: args.filter.query.clone(),
            location: args.filter.location.clone(),
            limit: args.filter.limit,
            filter,
            explain: args.filter.explain,
            endpoints: args.net.endpoint.iter().cloned().collect(),
            rates: args.net.rate.iter().cloned().collect(),
            details: args.details,
            settings: Default::default(),
        },
        fetch: args.net.fetch_options(None),
        secrets: Secrets::from_env(),
        format: args.output.format(),
        export: args.output.options(),
        output: args.output.output.clone(),
        merge_into: args.merge_into.clone(),
        html: args.html.clone(),
        state: args.state.path(!notify.is_empty())?,
        scope: String::new(),
        new_only: args.state.new_only || args.state.include_changed,
        include_changed: args.state.include_changed,
        force: args.state.force,
        wait: args.state.wait,
        notify,
        notify_format: args.notify.notify_format,
        notify_first_run: args.notify.notify_first_run,
    };
    let invocation = Invocation::new(&job.fetch, 1);
    job::execute(&job, &registry, &tagger, &invocation)
}
