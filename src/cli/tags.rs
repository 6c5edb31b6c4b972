//! `jobtap tags`: the tag taxonomy.

use super::Exit;
use crate::tag::Tagger;

pub fn run() -> anyhow::Result<Exit> {
    let tagger = Tagger::builtin();
    let width = tagger
        .rules()
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(0);
    for rule in tagger.rules() {
        println!("{:width$}  {}", rule.name, rule.definition);
    }
    Ok(Exit::Ok)
}
