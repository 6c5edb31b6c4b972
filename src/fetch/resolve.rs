//! Host names to addresses: the system's resolver (getaddrinfo, on a blocking thread, as
//! reqwest's own does), except for the names RFC 6761 §6.4 reserves as never resolving
//! (`invalid` and every name under `.invalid`), which fail here without asking anyone. That
//! gives a name that fails at once on every machine, online or not, which is how the
//! tests see a failed lookup without depending on the machine's resolver.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::ToSocketAddrs;

/// A host name that did not resolve; its type is how a failed request is told apart as a
/// lookup failure (see `network::classify`).
#[derive(Debug, thiserror::Error)]
#[error("{cause}")]
pub struct Unresolved {
    cause: String,
}

pub struct SystemResolver;

impl Resolve for SystemResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        Box::pin(async move {
            if host == "invalid" || host.ends_with(".invalid") {
                return Err(Unresolved {
                    cause: "a name under .invalid never resolves (RFC 6761)".into(),
                }
                .into());
            }
            let found = tokio::task::spawn_blocking(move || (host.as_str(), 0).to_socket_addrs())
                .await
                .map_err(|e| Unresolved {
                    cause: e.to_string(),
                })?
                .map_err(|e| Unresolved {
                    cause: e.to_string(),
                })?;
            Ok(Box::new(found) as Addrs)
        })
    }
}
