//! The command line, as clap sees it (also the source of completions and man pages).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCompleter;

use crate::output::ColorChoice;

const AFTER: &str = "Start with `boundcheck assess`. Exit codes: 0 done, 1 `check` or `rules verify` found failures, 2 bad input, 130 interrupted, 143/129 stopped by SIGTERM/SIGHUP.";

#[derive(Debug, Parser)]
#[command(
    name = "boundcheck",
    version,
    about = "A boundary consultation for psychotherapists and counsellors: should I answer this client outside session, and how?",
    after_help = AFTER
)]
pub struct Cli {
    /// When to use colour: auto colours a terminal, unless NO_COLOR is set (CLICOLOR_FORCE=1 forces it)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Read this config file instead of $BOUNDCHECK_CONFIG or the platform's config directory
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any config file
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Plain prompts, one line of text each, no colour or cursor movement (also with TERM=dumb): for screen readers and logs
    #[arg(long, global = true)]
    pub plain: bool,

    /// A rule file or directory laid over the bundled rules (repeatable)
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For reading in a terminal
    Text,
    /// One JSON object with the stable fields
    Json,
    /// A note for the clinical record
    Markdown,
    /// A FHIR R4 QuestionnaireResponse, for an electronic health record
    Fhir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The rule files and their JSON Schemas, ready to edit
    Yaml,
    /// The question bank as a FHIR R4 Questionnaire (questionnaire.json)
    Fhir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per scenario and a summary
    Text,
    /// One JSON object with every result
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Think through a proposed contact with a client, question by question
    #[command(
        after_long_help = "Examples:\n  boundcheck assess\n  boundcheck assess --code aca --set contact=gift\n  boundcheck assess --scenario examples/05-frequent-texts-strong-attachment.yaml --format json\n  boundcheck assess --format markdown --save today.yaml"
    )]
    Assess(AssessArgs),
    /// Work through scenario files: answer, predict, compare
    #[command(
        after_long_help = "Your progress is kept after each finished scenario (in the platform data directory, for each directory and rule set), so a directory can take several sittings: choose \"Stop here for now\" between scenarios, or press Ctrl-C at any prompt, and the next `boundcheck practice DIR` offers to resume. A run of --missed (or --tag, --pick) is kept apart, so retrying what you missed does not lose your place. Esc goes back a question; at the first question of a scenario, to the previous scenario.\n\nExamples:\n  boundcheck practice examples/\n  boundcheck practice examples/ --resume --save homework.md\n  boundcheck practice examples/ --missed\n  boundcheck practice examples/ --tag gifts --shuffle\n  boundcheck practice examples/ --pick 5 --code aca\n  boundcheck practice examples/05-frequent-texts-strong-attachment.yaml --save report.md"
    )]
    Practice(PracticeArgs),
    /// Step through scripted scenarios for a class, one screen per step, with votes and "what if" changes
    #[command(
        after_long_help = "Keys: Enter, Space, → or PageDown: next (under --vote, reveal first); ←, PageUp, Backspace or Esc: back; c: what if (change an answer); r: reset to the script; v: the vignette; ?: the keys; q: end the class (exit 0); Ctrl-C: stop (exit 130).\n\nExamples:\n  boundcheck teach examples/19-graduation-after-school-refusal.yaml\n  boundcheck teach examples/ --vote\n  boundcheck teach examples/ --export handout,key,html --out class-notes/\n  boundcheck teach examples/ --no-pause > walkthrough.txt"
    )]
    Teach(TeachArgs),
    /// Run scenario files that carry `expect:` and report like a test runner
    #[command(
        after_long_help = "Examples:\n  boundcheck check examples/\n  boundcheck check course/ --rules our-policy/ --format json"
    )]
    Check(CheckArgs),
    /// List, show, validate, prove or export the rules, or print their JSON Schemas
    #[command(
        after_long_help = "Examples:\n  boundcheck rules list\n  boundcheck rules show gift-modest\n  boundcheck rules export my-rules && boundcheck rules validate my-rules"
    )]
    Rules(RulesArgs),
    /// Print a shell completion script (it completes question, finding and rationale ids and answer values too)
    #[command(
        after_long_help = "The script asks boundcheck itself what to offer, so ids and answers come from the rules in force (the bundled rules and your config file's rules). Load it when the shell starts, so an upgraded boundcheck is picked up.\n\nExamples:\n  echo 'source <(boundcheck completions bash)' >> ~/.bashrc\n  echo 'source <(boundcheck completions zsh)' >> ~/.zshrc\n  boundcheck completions fish > ~/.config/fish/completions/boundcheck.fish"
    )]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), or write every page to a directory
    #[command(
        after_long_help = "Examples:\n  boundcheck man | man -l -\n  boundcheck man rules verify | man -l -\n  boundcheck man --dir ~/.local/share/man/man1"
    )]
    Man {
        /// The subcommand whose page to print, e.g. `assess` or `rules`; none: the page of boundcheck itself
        #[arg(value_name = "COMMAND", conflicts_with = "dir", add = ArgValueCompleter::new(crate::complete::Pages(0)))]
        command: Option<String>,
        /// A subcommand of COMMAND, e.g. `verify` for the page of `rules verify`
        #[arg(value_name = "SUBCOMMAND", requires = "command", add = ArgValueCompleter::new(crate::complete::Pages(1)))]
        subcommand: Option<String>,
        /// Write boundcheck.1 and a page for every subcommand into DIR (created if needed; pages of the same name are replaced)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Take the answers from a scenario file; nothing is asked
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Answer a question in advance, e.g. --set contact=gift (repeatable; wins over the scenario)
    #[arg(long = "set", value_name = "ID=VALUE", add = ArgValueCompleter::new(crate::complete::sets))]
    pub set: Vec<String>,
    /// The ethics code that governs your practice (an answer of `ethics_code`: apa, aca, nasw, aamft, bacp, crpo, other)
    #[arg(long, value_name = "CODE", add = ArgValueCompleter::new(crate::complete::codes))]
    pub code: Option<String>,
    /// How to show the result
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also save the answers and result as a scenario file, readable by you only
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Replace the --save file if it exists (never a directory, pipe or device)
    #[arg(long, requires = "save")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// A scenario file, or a directory of them (practised in name order)
    pub path: PathBuf,
    /// The ethics code that governs your practice (an answer of `ethics_code`); a scenario that names its own code keeps it
    #[arg(long, value_name = "CODE", add = ArgValueCompleter::new(crate::complete::codes))]
    pub code: Option<String>,
    /// Write a report a supervisor can read (Markdown) when the run ends or you stop for now, readable by you only
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Replace the --save file if it exists
    #[arg(long, requires = "save")]
    pub force: bool,
    /// Go on where you stopped last time, without asking (in the run chosen by the same --missed, --tag and --pick)
    #[arg(long, conflicts_with = "restart")]
    pub resume: bool,
    /// Start a new run from the first scenario, without asking (earlier results stay, for --missed)
    #[arg(long)]
    pub restart: bool,
    /// Only the scenarios you missed the last time you did them: the prediction outside the expected range, or a key issue missed
    #[arg(long)]
    pub missed: bool,
    /// Practise the scenarios in random order
    #[arg(long)]
    pub shuffle: bool,
    /// Only N scenarios, chosen at random: those you have not done yet first, then those you missed
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub pick: Option<u16>,
    /// Only the scenarios tagged TAG (`tags:` in the file; repeatable: any of them)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TeachArgs {
    /// A scenario file, or a directory of them (played in name order)
    pub path: PathBuf,
    /// The ethics code that governs the scenarios that do not name one (an answer of `ethics_code`)
    #[arg(long, value_name = "CODE", add = ArgValueCompleter::new(crate::complete::codes))]
    pub code: Option<String>,
    /// Print the whole walk-through at once, without waiting for keys (no terminal needed)
    #[arg(long, conflicts_with_all = ["vote", "export"])]
    pub no_pause: bool,
    /// Hide each scripted answer and the recommendation until a key reveals them, and ask for the class's prediction first
    #[arg(long)]
    pub vote: bool,
    /// Write files for the class instead of presenting: a student handout, an answer key, or HTML slides (repeatable, or comma-separated)
    #[arg(
        long,
        value_enum,
        value_name = "KIND",
        value_delimiter = ',',
        requires = "out"
    )]
    pub export: Vec<ExportKind>,
    /// The directory the exported files go to (created if needed), one file per scenario and kind
    #[arg(long, value_name = "DIR", requires = "export")]
    pub out: Option<PathBuf>,
    /// Replace exported files of the same name in --out (never a link, a pipe or a directory)
    #[arg(long, requires = "export")]
    pub force: bool,
}

/// What `teach --export` writes, per scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// For students (Markdown): the vignette and the questions with boxes to tick, no answers
    Handout,
    /// For the teacher (Markdown): the scripted answers, findings, recommendation, what would change, discussion
    Key,
    /// Slides (one HTML page, offline, keyboard and clicker navigation): each answer and the recommendation revealed by a key
    Html,
}

/// How `rules graph` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid flowchart (GitHub, GitLab and many editors draw it)
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`)
    Dot,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files or directories (walked; hidden files and links to directories are skipped)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to report
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: RulesAction,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Rationales, findings with their levels, and questions in the order asked
    #[command(
        after_long_help = "Examples:\n  boundcheck rules list\n  boundcheck rules list --rules my-rules/   (with your overlay)"
    )]
    List,
    /// A rationale, finding or question in full
    #[command(
        after_long_help = "Examples:\n  boundcheck rules show gift-modest      (a finding: its condition, words, safeguards, reply)\n  boundcheck rules show gift_value       (a question: when it is asked, its answers, what uses it)\n  boundcheck rules show dependency       (a rationale and its findings)"
    )]
    Show {
        /// A rationale, finding or question id (`boundcheck rules list` shows them)
        #[arg(value_name = "ID", add = ArgValueCompleter::new(crate::complete::ids))]
        id: String,
    },
    /// Check rule files as an overlay on the bundled set (with no PATH: the config file's rules)
    #[command(
        after_long_help = "Every problem is reported at its file, line and column, with what is wrong and what is allowed; exit 2 when there is an error (or, with --strict, a warning).\n\nExamples:\n  boundcheck rules validate my-rules/\n  boundcheck rules validate my-rules/ --examples course/ --strict"
    )]
    Validate {
        /// Rule files or directories to check
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors (exit 2)
        #[arg(long)]
        strict: bool,
        /// Also report the findings no scenario in DIR makes fire
        #[arg(long, value_name = "DIR")]
        examples: Option<PathBuf>,
    },
    /// Prove the clinical-soundness principles and every declared invariant over all answers
    #[command(
        after_long_help = "Proves, exactly and over every answer the walk can give (P11 included): P1 (an `unsure` answer never lowers the result), P4 (every finding at consult or above has words to use wherever it fires, unless it says `no_reply`), that an emergency asks nothing more, P6 (no finding has more than five things that cannot wait), P7 (words that fit a former or prospective client, and someone asking about the client), P9 (references by code and number), and each `invariants:` entry, which must also be reachable. P5 (most serious first) is the renderers' own order. A broken property is printed as a comment and a scenario: saved whole, one broken property's output is a file `boundcheck assess --scenario` runs. Exit 1 when a property is broken.\n\nExamples:\n  boundcheck rules verify\n  boundcheck rules verify my-rules/"
    )]
    Verify {
        /// Rule files or directories laid over the bundled set (and any --rules)
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List the scenarios whose result changes when PATH is laid over the rules
    #[command(
        after_long_help = "Examples:\n  boundcheck rules impact my-rules/ --examples course/"
    )]
    Impact {
        /// Rule files or directories: the edit to measure
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// The scenario files to run with and without it
        #[arg(long, value_name = "DIR", required = true)]
        examples: PathBuf,
    },
    /// Write the active rules and their JSON Schemas to DIR, ready to edit
    #[command(
        after_long_help = "Nothing is written when one file cannot be; links, pipes and devices are never written through.\n\nExamples:\n  boundcheck rules export my-rules/\n  boundcheck --rules my-rules/ assess   (after editing)\n  boundcheck rules export fhir/ --format fhir"
    )]
    Export {
        /// The directory to write (created if needed; must be empty unless --force)
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Write into a non-empty directory, replacing files of the same name
        #[arg(long)]
        force: bool,
        /// What to write
        #[arg(long, value_enum, default_value_t = ExportFormat::Yaml)]
        format: ExportFormat,
    },
    /// Draw the questions, the answers that lead on, and the findings they reach (Mermaid or DOT)
    #[command(
        after_long_help = "With no ID, the whole rule set; with a rationale id, its findings and the questions they use; with a question or finding id, what leads to it and what it leads to; with --scenario, the path that scenario takes. Findings are coloured by level and name it in words; a dashed arrow leads on only when other answers allow.\n\nExamples:\n  boundcheck rules graph dependency > dependency.mmd\n  boundcheck rules graph --scenario examples/05-frequent-texts-strong-attachment.yaml --format dot | dot -Tsvg > path.svg"
    )]
    Graph {
        /// A rationale, question or finding id (`boundcheck rules list` shows them); none: the whole set
        #[arg(value_name = "ID", conflicts_with = "scenario", add = ArgValueCompleter::new(crate::complete::ids))]
        id: Option<String>,
        /// Draw the path this scenario file takes: its answers, the findings that fire, the result
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// The diagram language
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Print the JSON Schema of rule files or scenario files, for editors
    #[command(
        after_long_help = "The schema names the active rule set's question ids, answers, finding and rationale ids, so that an editor completes and checks them.\n\nExamples:\n  boundcheck rules schema scenario > scenario.schema.json\n  boundcheck rules schema rules --rules my-rules/ > rules.schema.json"
    )]
    Schema {
        /// Which files the schema describes
        #[arg(value_enum, value_name = "KIND")]
        of: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Rule files (rationales and the question bank)
    Rules,
    /// Scenario files
    Scenario,
}
