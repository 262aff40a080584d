//! The command line, as clap sees it (also the source of completions and the man page).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "boundcheck",
    version,
    about = "A boundary consultation for psychotherapists and counsellors: should I answer this client outside session, and how?",
    long_about = None,
    after_help = "Start with `boundcheck assess`. Exit codes: 0 done, 1 `check` found failures, 2 bad input, 130 interrupted."
)]
pub struct Cli {
    /// When to use colour: auto colours a terminal unless NO_COLOR is set
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Code {
    Apa,
    Aca,
    Nasw,
    Aamft,
    Other,
}

impl Code {
    pub fn id(self) -> &'static str {
        match self {
            Code::Apa => "apa",
            Code::Aca => "aca",
            Code::Nasw => "nasw",
            Code::Aamft => "aamft",
            Code::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct RuleArgs {
    /// Rule file or directory laid over the bundled rules (repeatable)
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Think through a proposed contact with a client, question by question
    Assess(AssessArgs),
    /// Work through scenario files: answer, predict, compare
    Practice(PracticeArgs),
    /// Step through scripted scenarios for a class, with "what if" changes
    Teach(TeachArgs),
    /// Run scenario files that carry `expect:` and report like a test runner
    Check(CheckArgs),
    /// List, show, validate, export the rules, or print their JSON Schema
    Rules(RulesArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Take the answers from a scenario file; nothing is asked
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Answer a question in advance, e.g. --set contact=gift (repeatable)
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// The ethics code that governs your practice (answers `ethics_code`)
    #[arg(long, value_enum)]
    pub code: Option<Code>,
    /// How to show the result
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also save the answers and result as a scenario file (mode 0600)
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Replace the --save file if it exists
    #[arg(long, requires = "save")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// A scenario file, or a directory of them
    pub path: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Write the practice report to this file (mode 0600)
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Replace the --save file if it exists
    #[arg(long, requires = "save")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TeachArgs {
    /// A scenario file, or a directory of them (played in order)
    pub path: PathBuf,
    /// Run straight through without waiting for Enter
    #[arg(long)]
    pub no_pause: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files or directories (walked)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: RulesAction,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Rationales, findings with levels, and questions
    List,
    /// A rationale, finding or question in full
    Show { id: String },
    /// Check rule files (as an overlay on the bundled set)
    Validate {
        paths: Vec<PathBuf>,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
        /// Warn about findings no scenario in DIR exercises
        #[arg(long, value_name = "DIR")]
        examples: Option<PathBuf>,
    },
    /// Write the bundled rules to DIR, ready to edit
    Export {
        dir: PathBuf,
        /// Write into a non-empty directory, replacing files of the same name
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of rule files or scenario files
    Schema {
        #[arg(value_enum)]
        of: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Rules,
    Scenario,
}
