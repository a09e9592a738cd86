//! [`MockServer`]: a server on loopback that answers each request from the first expectation it
//! matches, explains every request that matches none, and checks its expectations when dropped.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::expectation::{Difference, Received};
use crate::{Expectation, Response};

/// The status of the answer to a request that matches no expectation. Its body is the
/// explanation, so the test's own error message shows it too.
pub const UNMATCHED_STATUS: u16 = 501;

/// A mock of one service on loopback (wiremock's server underneath).
///
/// Expectations are registered with [`MockServer::register`], which generated crates call from
/// one typed method per operation. A request is answered by the first registered expectation it
/// matches that has not had all its calls yet ([`Expected::times`]), else by the last one it
/// matches. A request that matches none is answered with [`UNMATCHED_STATUS`] and a body saying
/// which expectation came closest and which fields differ.
///
/// When the server is dropped (or at [`MockServer::verify`]) every expectation must have had
/// its calls (at least one, or exactly as many as `times` says) and every request must have
/// matched; otherwise the test panics with the list of what went wrong. If the test is already
/// panicking, the list is printed instead.
pub struct MockServer {
    server: wiremock::MockServer,
    base_path: String,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    entries: Vec<Entry>,
    /// One explanation per request that matched no expectation.
    unmatched: Vec<String>,
}

struct Entry {
    expectation: Expectation,
    response: Response,
    times: Option<usize>,
    received: usize,
}

impl Entry {
    fn has_room(&self) -> bool {
        self.times.is_none_or(|times| self.received < times)
    }
}

/// The answerer mounted on the wiremock server: every request comes through it.
struct Dispatch {
    base_path: String,
    state: Arc<Mutex<State>>,
}

impl wiremock::Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let received = Received::new(request);
        let mut state = lock(&self.state);
        // Compared once: the match is the entries without a difference, the explanation of a
        // miss reads the differences of the others.
        let differences: Vec<Vec<Difference>> = state
            .entries
            .iter()
            .map(|entry| entry.expectation.differences(&self.base_path, &received))
            .collect();
        let matching: Vec<usize> = (0..differences.len())
            .filter(|index| differences[*index].is_empty())
            .collect();
        let chosen = matching
            .iter()
            .copied()
            .find(|index| state.entries[*index].has_room())
            .or_else(|| matching.last().copied());
        if let Some(index) = chosen {
            let entry = &mut state.entries[index];
            entry.received += 1;
            return entry.response.template();
        }
        let explanation = explain(&self.base_path, &state.entries, differences, request);
        eprintln!("{explanation}");
        state.unmatched.push(explanation.clone());
        wiremock::ResponseTemplate::new(UNMATCHED_STATUS)
            .set_body_raw(explanation.into_bytes(), "text/plain; charset=utf-8")
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while the lock was held cannot leave the state half-written: take it as it is.
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why `request` matched nothing: the request, then the closest expectation and its
/// differences side by side.
fn explain(
    base_path: &str,
    entries: &[Entry],
    differences: Vec<Vec<Difference>>,
    request: &wiremock::Request,
) -> String {
    let mut text = format!(
        "specfleet-mock: no expectation matches {} {}",
        request.method,
        request.url.path()
    );
    if let Some(query) = request.url.query() {
        let _ = write!(text, "?{query}");
    }
    let closest = entries
        .iter()
        .zip(differences)
        .map(|(entry, differences)| {
            // Another route is farther than any number of differing values on the same route.
            let elsewhere = differences.iter().any(|difference| {
                ["method", "path", "path segment"].contains(&difference.field.as_str())
            });
            (elsewhere, differences.len(), entry, differences)
        })
        .min_by_key(|(elsewhere, count, _, _)| (*elsewhere, *count));
    match closest {
        None => text.push_str("\n  no expectation is registered"),
        Some((_, _, entry, differences)) => {
            let _ = write!(
                text,
                "\n  closest expectation: `{}` ({})",
                entry.expectation.operation(),
                entry.expectation.describe(base_path)
            );
            for Difference {
                field,
                expected,
                received,
            } in differences
            {
                let _ = write!(
                    text,
                    "\n    {field}:\n      expected {expected}\n      received {received}"
                );
            }
        }
    }
    text
}

impl MockServer {
    /// Starts a server on loopback for a service whose base URL is `base_url` (the spec's
    /// server): [`MockServer::uri`] keeps that URL's path, so a client pointed at it sends
    /// the same paths as to the real service.
    pub async fn start(base_url: &str) -> MockServer {
        let server = wiremock::MockServer::start().await;
        let base_path = base_path(base_url);
        let state = Arc::new(Mutex::new(State::default()));
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Dispatch {
                base_path: base_path.clone(),
                state: Arc::clone(&state),
            })
            .named("specfleet-mock dispatch")
            .mount(&server)
            .await;
        MockServer {
            server,
            base_path,
            state,
        }
    }

    /// The base URL to give the client: `http://127.0.0.1:<port>` and the service's base path.
    pub fn uri(&self) -> String {
        format!("{}{}", self.server.uri(), self.base_path)
    }

    /// Registers an expectation and its answer. Generated code calls this from each operation's
    /// `respond` methods.
    pub fn register(&self, expectation: Expectation, response: Response) -> Expected<'_> {
        let mut state = lock(&self.state);
        state.entries.push(Entry {
            expectation,
            response,
            times: None,
            received: 0,
        });
        Expected {
            server: self,
            index: state.entries.len() - 1,
        }
    }

    /// The requests the server received, in order (wiremock's record of them).
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Checks now what dropping the server checks: every expectation had its calls and every
    /// request matched one.
    ///
    /// # Panics
    ///
    /// When one of them did not, with the list of what went wrong.
    pub fn verify(&self) {
        let report = self.report(&lock(&self.state));
        if let Some(report) = report {
            panic!("{report}");
        }
    }

    fn report(&self, state: &State) -> Option<String> {
        let mut problems = Vec::new();
        for entry in &state.entries {
            let expected = match entry.times {
                Some(times) if entry.received != times => format!("{times}"),
                None if entry.received == 0 => "at least 1".to_owned(),
                _ => continue,
            };
            problems.push(format!(
                "expectation `{}` ({}) was expected {expected} time(s), and matched {}",
                entry.expectation.operation(),
                entry.expectation.describe(&self.base_path),
                entry.received
            ));
        }
        problems.extend(state.unmatched.iter().cloned());
        (!problems.is_empty()).then(|| problems.join("\n"))
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let state = lock(&self.state);
        let Some(report) = self.report(&state) else {
            return;
        };
        drop(state);
        if std::thread::panicking() {
            eprintln!("{report}");
        } else {
            panic!("{report}");
        }
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri())
            .finish_non_exhaustive()
    }
}

/// The path of a base URL, without its trailing slash (`https://host/api/v2/` is `/api/v2`).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

/// A registered expectation: say how many calls it must have with [`Expected::times`].
#[derive(Debug)]
pub struct Expected<'a> {
    server: &'a MockServer,
    index: usize,
}

impl Expected<'_> {
    /// It must match exactly `times` requests (without this: at least one). Once it has, a later
    /// request that matches it and another expectation goes to the other one.
    pub fn times(self, times: usize) -> Self {
        lock(&self.server.state).entries[self.index].times = Some(times);
        self
    }

    /// How many requests it has matched so far.
    pub fn received(&self) -> usize {
        lock(&self.server.state).entries[self.index].received
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn the_base_path_is_the_base_urls_path() {
        assert_eq!(base_path("https://api.rokka.io"), "");
        assert_eq!(base_path("https://host/api/v2/"), "/api/v2");
        assert_eq!(base_path("http://localhost:8080/v0"), "/v0");
        assert_eq!(base_path("/relative"), "/relative");
    }
}
