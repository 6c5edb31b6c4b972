//! `jobtap tags`: the tag taxonomy.

use super::{print_listing, tag_rules, ConfigArg, Exit};

pub fn run(config: ConfigArg) -> anyhow::Result<Exit> {
    let rules = tag_rules(&config)?;
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    print_listing(|w| {
        for rule in &rules {
            writeln!(w, "{:width$}  {}", rule.name, rule.definition)?;
        }
        Ok(())
    })
}
