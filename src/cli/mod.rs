//! The command line: argument definitions, and one module per subcommand.

mod job;
mod log;
mod man;
mod parse;
mod run;
mod scrape;
mod sources;
mod tags;

use crate::definition::Registry;
use crate::export::{ExportOptions, Format, Sink};
use crate::fetch::Rate;
use crate::filter::{companies, parse_since, phrases, Filter, MinPay};
use crate::posting::{EmploymentType, SalaryPeriod, Workplace};
use crate::tag::TagRule;
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use std::{path::PathBuf, process::ExitCode};
use url::Url;

/// Exit codes, documented in the README for scripts and cron.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every source succeeded.
    Ok = 0,
    /// The run itself failed (output not writable, bad definition file).
    Error = 1,
    /// Bad command line.
    Usage = 2,
    /// Some sources failed; the postings fetched were written.
    Partial = 3,
    /// Every source failed and no posting was fetched; no output was written.
    NothingFetched = 4,
    /// Another run holds the state database or master sheet (see --wait), or the sheet
    /// is open in a spreadsheet application.
    Busy = 5,
}

impl Exit {
    /// The code for a run in which `failed` of `total` sources failed, having produced
    /// `postings` postings in all.
    pub fn for_outcome(failed: usize, total: usize, postings: usize) -> Exit {
        match failed {
            0 => Exit::Ok,
            _ if crate::pipeline::nothing_fetched(failed, total, postings) => Exit::NothingFetched,
            _ => Exit::Partial,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// What each exit status means, for `--help`, the manual pages and the README's table
/// (a test holds the README to it). A run ended by a signal dies of it: the shell shows
/// 128 + its number.
pub const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "every source succeeded (or every source was skipped for its min_interval: nothing written)"),
    ("1", "the run failed (for example the output file could not be written)"),
    ("2", "usage error (unknown source, missing argument, bad option value)"),
    ("3", "some sources failed; the postings fetched were written"),
    ("4", "every source failed and nothing was fetched; no output written, an existing `-o` file and master sheet left as they were"),
    ("5", "another jobtap run is using the same state database or master sheet (`--wait` waits instead), or the master sheet is open in LibreOffice or Excel"),
    ("130", "stopped by Ctrl-C (SIGINT; 129 for SIGHUP, a closed terminal), in one line on stderr; temporary files removed, no file left half-written"),
    ("143", "stopped by SIGTERM (`kill`, `timeout`), in one line on stderr; temporary files removed, no file left half-written"),
];

/// Examples for `--help` and jobtap(1).
pub const EXAMPLES: &[&str] = &[
    "jobtap scrape                                   built-in search for support jobs",
    "jobtap scrape greenhouse:vercel lever:spotify remotive -q support --format json",
    "jobtap scrape remotive:customer-support --since 24h -o jobs.csv",
    "jobtap parse --source greenhouse saved-response.json",
    "jobtap scrape --new-only --merge-into ~/jobs/master.xlsx --html ~/jobs/new.html",
    "jobtap scrape remotive -o jobs.html             a page to read, filter and share",
    "jobtap scrape remotive --exclude-company 'Robert Half' --min-pay 20/hour --workplace remote",
    "jobtap scrape remotive -o jobs.csv --notify webhook:env:SLACK_JOBS --notify-format slack",
    "jobtap init && jobtap run                       saved searches, e.g. from cron",
    "jobtap man scrape                               the manual page of jobtap-scrape(1)",
];

/// `--help`'s closing part: the exit codes, wrapped to 80 columns, and the examples.
fn after_help() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_CODES {
        let mut line = format!("  {code:>3}  ");
        for word in meaning.replace('`', "").split(' ') {
            if line.len() + word.len() > 79 {
                text.push_str(line.trim_end());
                text.push('\n');
                line = " ".repeat(7);
            }
            line.push_str(word);
            line.push(' ');
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.push_str("Examples:\n");
    for example in EXAMPLES {
        text.push_str(&format!("  {example}\n"));
    }
    text.truncate(text.trim_end().len());
    text
}

#[derive(Debug, Parser)]
#[command(
    name = "jobtap",
    version,
    about = "Scrape job boards, career sites and feeds into one posting schema; tag and export them.",
    after_help = after_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More detail on stderr: -v one line per request (source, URL, status, bytes, time, wait for the rate limit); -vv also retries, robots.txt decisions and pages or robots.txt taken from what was kept.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors (and --explain lines) on stderr.
    #[arg(long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also append every message, time-stamped, to this file.
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch postings from sources (the built-in default search when none is named).
    // A repeated option takes its last value, so wrappers and aliases can be overridden.
    #[command(args_override_self = true)]
    Scrape(Box<scrape::ScrapeArgs>),
    /// Parse saved responses offline, as the source's adapter would read them.
    #[command(args_override_self = true)]
    Parse(parse::ParseArgs),
    /// List the sources with their argument, default rate and terms.
    Sources(sources::SourcesArgs),
    /// List the tags with their definitions (the built-in ones and the config file's).
    Tags(ConfigArg),
    /// Run saved searches from the config file (all, or those named): for cron.
    Run(run::RunArgs),
    /// Write an example config file of saved searches (never overwrites one).
    Init(run::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `jobtap man` jobtap(1), `jobtap man scrape`
    /// jobtap-scrape(1); `--dir DIR` writes them all.
    Man(man::ManArgs),
}

/// Narrowing shared by `scrape` and `parse`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Words that must all appear (sent to sources that search, matched locally otherwise).
    #[arg(short, long)]
    pub query: Option<String>,
    /// Keep postings whose location mentions this ("remote" keeps remote postings).
    #[arg(short, long)]
    pub location: Option<String>,
    /// At most N postings per source.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only postings since a duration ago (24h, 7d) or a date (2026-11-01). Undated
    /// postings are kept.
    #[arg(long, value_name = "DURATION|DATE")]
    pub since: Option<String>,
    /// Keep postings with this tag (repeatable: any of them); see `jobtap tags`.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Drop postings with this tag (repeatable).
    #[arg(long = "not-tag", value_name = "TAG")]
    pub not_tags: Vec<String>,
    /// Print on stderr, for each posting, which phrase fired each tag (also with --quiet;
    /// and into the --log-file).
    #[arg(long)]
    pub explain: bool,
    /// Convert pay to one period (hour, day, week, month, year), assuming 40-hour weeks,
    /// 8-hour days and 52 weeks a year. Off by default: pay stays as the source gave it.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub pay_per: Option<SalaryPeriod>,
    /// Drop postings whose title or description has any of these words or phrases
    /// (comma-separated, whole words, any case); repeatable.
    #[arg(long, value_name = "WORDS")]
    pub exclude: Vec<String>,
    /// Drop postings of this company (whole words of its name, any case: "Robert Half"
    /// also blocks "Robert Half International"); repeatable.
    #[arg(long = "exclude-company", value_name = "NAME")]
    pub exclude_companies: Vec<String>,
    /// Drop postings whose pay (the top of a range) is below this, e.g. 25/hour or 60k/year,
    /// compared after converting as --pay-per does. Postings stating no pay are kept unless
    /// --require-pay.
    #[arg(long, value_name = "AMOUNT/PERIOD", value_parser = str::parse::<MinPay>)]
    pub min_pay: Option<MinPay>,
    /// Drop postings that state no pay (with --min-pay: no pay it can compare).
    #[arg(long)]
    pub require_pay: bool,
    /// Keep only postings of these job types (full_time, part_time, contract, temporary,
    /// internship, seasonal, volunteer, per_diem; comma-separated or repeated). Postings
    /// that state no type are dropped.
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<EmploymentType>,
    /// Keep only postings of these workplaces (remote, hybrid, onsite; comma-separated or
    /// repeated). Postings that do not say are dropped.
    #[arg(long, value_name = "WORKPLACE", value_delimiter = ',', value_parser = parse_workplace)]
    pub workplace: Vec<Workplace>,
}

pub fn parse_type(s: &str) -> Result<EmploymentType, String> {
    EmploymentType::from_name(s.trim()).ok_or_else(|| {
        format!("{s:?}: one of full_time, part_time, contract, temporary, internship, seasonal, volunteer, per_diem")
    })
}

pub fn parse_workplace(s: &str) -> Result<Workplace, String> {
    Workplace::from_name(s.trim())
        .filter(|w| *w != Workplace::Unknown)
        .ok_or_else(|| format!("{s:?}: one of remote, hybrid, onsite"))
}

fn parse_period(s: &str) -> Result<SalaryPeriod, String> {
    SalaryPeriod::from_name(s).ok_or_else(|| format!("{s:?}: one of hour, day, week, month, year"))
}

impl FilterArgs {
    /// The filter these options describe, or a usage message.
    pub fn filter(&self, rules: &[TagRule], now: DateTime<Utc>) -> Result<Filter, String> {
        let since = self
            .since
            .as_deref()
            .map(|s| parse_since(s, now))
            .transpose()?;
        for t in self.tags.iter().chain(&self.not_tags) {
            if !rules.iter().any(|r| &r.name == t) {
                let known: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
                return Err(format!("{t}: unknown tag (known: {})", known.join(", ")));
            }
        }
        let mut f = Filter::new(self.query.as_deref(), self.location.as_deref(), since);
        f.tags_any = self.tags.clone();
        f.tags_none = self.not_tags.clone();
        f.pay_per = self.pay_per;
        f.exclude = phrases(&self.exclude);
        f.exclude_companies = companies(&self.exclude_companies);
        f.min_pay = self.min_pay;
        f.require_pay = self.require_pay;
        f.types = self.types.clone();
        f.workplaces = self.workplace.clone();
        Ok(f)
    }
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: from the -o file's extension (.xlsx, .json, .jsonl, .html), else csv].
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Output file, written atomically (its directory is made if missing); `-` or none for
    /// stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Start CSV with a UTF-8 byte-order mark, so Excel shows accented letters right.
    #[arg(long)]
    pub bom: bool,
    /// Write CSV text cells that start with =, +, -, @, tab or CR as they are. By default
    /// they get a leading ' so a spreadsheet never runs them as formulas.
    #[arg(long)]
    pub raw_cells: bool,
}

impl OutputArgs {
    pub fn sink(&self) -> Sink {
        Sink::from_arg(self.output.as_deref())
    }

    pub fn format(&self) -> Format {
        self.format
            .unwrap_or_else(|| format_for(self.output.as_deref()))
    }

    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            bom: self.bom,
            raw_cells: self.raw_cells,
        }
    }

    /// A usage message for combinations that cannot work.
    pub fn check(&self) -> Result<(), String> {
        if self.format() == Format::Xlsx && matches!(self.sink(), Sink::Stdout) {
            return Err("--format xlsx needs an output file: add -o FILE.xlsx".into());
        }
        Ok(())
    }
}

/// Writes a listing (sources, tags, searches, completions, the manual) to stdout. A reader
/// that stops early (`jobtap sources | head`) ends it quietly, as it ends an export.
fn print_listing(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<Exit> {
    Sink::Stdout.write_with(|w| write(w))?;
    Ok(Exit::Ok)
}

/// The format a file's extension names; CSV when it names none.
pub fn format_for(path: Option<&std::path::Path>) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("xlsx") => Format::Xlsx,
        Some("json") => Format::Json,
        Some("jsonl" | "ndjson") => Format::Ndjson,
        Some("html" | "htm") => Format::Html,
        _ => Format::Csv,
    }
}

/// `--definition FILE`: extra source definitions, shared by the subcommands that read them.
#[derive(Debug, Args)]
pub struct DefinitionArgs {
    /// A source definition file (TOML) to add to the built-in ones; repeatable.
    #[arg(long = "definition", value_name = "FILE")]
    pub definitions: Vec<PathBuf>,
}

impl DefinitionArgs {
    pub fn registry(&self) -> anyhow::Result<Registry> {
        let mut reg = Registry::builtin();
        for path in &self.definitions {
            reg.load_file(path)?;
        }
        Ok(reg)
    }
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The saved-searches file [default: the platform's config dir,
    /// ~/.config/jobtap/config.toml on Linux].
    #[arg(long, value_name = "PATH", env = "JOBTAP_CONFIG")]
    pub config: Option<PathBuf>,
}

impl ConfigArg {
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        match &self.config {
            Some(p) => Ok(p.clone()),
            None => crate::config::default_path()
                .ok_or_else(|| anyhow::anyhow!("no config directory here: pass --config PATH")),
        }
    }
}

/// The tags a command uses: the built-in rules with the config file's `[tags]` applied (the
/// file named by --config, else the default one if it exists).
pub fn tag_rules(config: &ConfigArg) -> anyhow::Result<Vec<TagRule>> {
    let overrides = match (&config.config, crate::config::default_path()) {
        (Some(p), _) => crate::config::Config::load(p)?.tag_rules(),
        (None, Some(p)) if p.exists() => crate::config::Config::load(&p)?.tag_rules(),
        _ => Vec::new(),
    };
    Ok(crate::tag::merged(overrides))
}

pub fn parse_name_value<T>(
    s: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<(String, T), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected NAME=VALUE"))?;
    Ok((name.trim().to_string(), parse(value.trim())?))
}

pub fn parse_endpoint(s: &str) -> Result<(String, Url), String> {
    parse_name_value(s, |v| Url::parse(v).map_err(|e| format!("{v:?}: {e}")))
}

pub fn parse_rate(s: &str) -> Result<(String, Rate), String> {
    parse_name_value(s, str::parse)
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = log::init(cli.quiet, cli.log_file.as_deref()) {
        eprintln!("jobtap: log file {e}");
        return Exit::Usage.into();
    }
    init_logging(cli.verbose, cli.quiet);
    if matches!(
        cli.command,
        Command::Scrape(_) | Command::Parse(_) | Command::Run(_)
    ) {
        crate::export::remove_temporary_files_on_signal(stopped);
        crate::parallel::init();
    }
    let exit = match cli.command {
        Command::Scrape(args) => scrape::run(*args),
        Command::Parse(args) => parse::run(args),
        Command::Sources(args) => sources::run(args),
        Command::Tags(config) => tags::run(config),
        Command::Run(args) => run::run(args),
        Command::Init(args) => run::init(args),
        Command::Completions { shell } => {
            // Generated whole first: clap_complete panics on a write error.
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "jobtap",
                &mut script,
            );
            print_listing(|w| w.write_all(&script))
        }
        Command::Man(args) => man::run(args),
    };
    match exit {
        Ok(code) => code.into(),
        Err(e) => {
            log::error(format!("{e:#}"));
            Exit::Error.into()
        }
    }
}

/// The one line a run ended by a signal leaves; the shell then shows 128 + the signal.
fn stopped(signal: i32) {
    let (name, by) = match signal {
        2 => ("SIGINT", "Ctrl-C"),
        15 => ("SIGTERM", "kill, timeout or a shutdown"),
        1 => ("SIGHUP", "the terminal closed"),
        _ => ("a signal", "another process"),
    };
    log::error(format!(
        "stopped by {name} ({by}): no file is left half-written (exit {})",
        128 + signal
    ));
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::ERROR,
        (_, 0) => tracing::Level::WARN,
        (_, 1) => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt};
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(|| log::Tee)
        .with_target(false)
        .without_time()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .finish();
    // jobtap's own lines only: the HTTP libraries' debug lines name no source and no time.
    let _ = subscriber
        .with(tracing_subscriber::filter::Targets::new().with_target("jobtap", level))
        .try_init();
}
