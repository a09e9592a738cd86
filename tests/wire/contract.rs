//! Contract checks of our hand-written specs against Prism, an independent OpenAPI implementation:
//! every operation is called through its generated client, Prism validates each request against
//! the spec and answers with a response it generates from the spec, and the client must decode it.

use std::collections::BTreeSet;
use std::fmt::{Debug, Write as _};
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::json;
use specfleet_runtime::{Error, Transport};

use crate::support::TempFile;

/// Prism loads a spec in about a second; builds running next to the tests on a small machine can
/// slow that down a lot.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The request header that picks the response Prism generates (`code=<status>`).
const PREFER: HeaderName = HeaderName::from_static("prefer");

const NODE_MISSING: &str = "the contract tests run Prism, a Node.js program: install Node.js \
     (with npm) and put `node` and `npm` on PATH";

/// The workspace root, where Prism runs (so its messages name `specs/<service>.yaml`).
fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
}

/// The Prism executable, installed first with `npm ci` if `tests/prism/node_modules` lacks it.
fn installed_prism() -> PathBuf {
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "`node --version` failed ({}): {}\n{NODE_MISSING}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!("cannot run `node --version` ({error}): {NODE_MISSING}"),
    }
    // The private npm package that pins Prism.
    let package = Path::new(env!("CARGO_MANIFEST_DIR")).join("prism");
    let prism = package.join("node_modules/.bin/prism");
    // nextest runs every test in its own process: the first one installs while the others wait
    // here, then find Prism installed. Checked under the lock, so nobody sees a half-done install.
    let lock_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prism-install.lock");
    let lock = File::create(&lock_path)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|error| panic!("cannot lock {}: {error}", lock_path.display()));
    if !prism.exists() {
        // --ignore-scripts: Prism needs none; the only install script in the tree is telemetry.
        let output = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&package)
            .output()
            .unwrap_or_else(|error| panic!("cannot run `npm ci` ({error}): {NODE_MISSING}"));
        assert!(
            output.status.success() && prism.exists(),
            "`npm ci` in {} failed ({}):\n{}{}",
            package.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    prism
}

/// A loopback port nothing listens on right now (the OS picks it for a listener that is closed at
/// once; another process could take it before Prism does, which a test machine can live with).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A running `prism mock --errors` for one spec, killed when dropped.
struct Prism {
    child: Child,
    port: u16,
    spec: PathBuf,
    /// Prism's stdout and stderr: a file, not a pipe, so a full pipe can never stall it.
    log: tempfile::NamedTempFile,
    /// Whether a panic message already carried the log, so `drop` does not print it again.
    log_shown: bool,
}

impl Prism {
    fn start(service: &str) -> Self {
        let prism = installed_prism();
        let spec = PathBuf::from(format!("specs/{service}.yaml"));
        let port = free_port();
        let log = tempfile::NamedTempFile::new().expect("a temp file for Prism's output");
        let output = || Stdio::from(log.as_file().try_clone().expect("a second log handle"));
        let child = Command::new(&prism)
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg(&spec)
            .current_dir(workspace())
            .stdin(Stdio::null())
            .stdout(output())
            .stderr(output())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", prism.display()));
        let mut prism = Self {
            child,
            port,
            spec,
            log,
            log_shown: false,
        };
        prism.wait_until_it_answers();
        prism
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_until_it_answers(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while !answers_http(self.port) {
            let exited = self.child.try_wait().expect("Prism's exit status");
            if exited.is_some() || Instant::now() > deadline {
                self.kill();
                self.log_shown = true;
                panic!(
                    "Prism ({}) did not start: {} within {STARTUP_TIMEOUT:?}. Its output:\n{}",
                    self.spec.display(),
                    match exited {
                        Some(status) => format!("it exited ({status})"),
                        None => format!("nothing answered on {}", self.url()),
                    },
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Prism's exit status, if it has exited or does so within `wait`.
    fn exit_status_within(&mut self, wait: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        loop {
            match self.child.try_wait() {
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Ok(status) => return status,
                Err(_) => return None,
            }
        }
    }

    fn kill(&mut self) {
        // Prism runs as one process (no --multiprocess): killing it leaves nothing behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn output(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_else(|error| format!("({error})"))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() && !self.log_shown {
            eprintln!(
                "Prism's output ({}):\n{}",
                self.spec.display(),
                self.output()
            );
        }
    }
}

/// Whether an HTTP server answers on the loopback port: any status line will do.
fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let mut start = [0; 5];
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .is_ok()
        && stream
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .is_ok()
        && stream.read_exact(&mut start).is_ok()
        && &start == b"HTTP/"
}

/// Records, for every response, the `sl-violations` header (Prism's list of what in the request
/// breaks the spec) together with the request it answers. Where the operation documents no 4xx
/// to answer a violation with, Prism sends its own 422 with the list in the body instead: the
/// operation then fails with that body.
#[derive(Clone, Default)]
struct ViolationRecorder(Arc<Mutex<Recorded>>);

#[derive(Default)]
struct Recorded {
    responses: usize,
    violations: Vec<String>,
    /// Requests that got no answer from Prism at all.
    unanswered: Vec<String>,
}

impl ViolationRecorder {
    /// What was recorded so far, leaving the record empty.
    fn take(&self) -> Recorded {
        std::mem::take(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A transport for a client of the service under test: it sends every request to Prism with
    /// `headers` added and records every response.
    fn transport(&self, headers: HeaderMap) -> Transport {
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .expect("a reqwest client");
        let recorder = self.clone();
        Arc::new(move |request: reqwest::Request| {
            let (http, recorder) = (http.clone(), recorder.clone());
            Box::pin(async move {
                let sent = format!("{} {}", request.method(), request.url());
                match http.execute(request).await {
                    Ok(response) => {
                        recorder.record(&sent, &response);
                        response
                    }
                    Err(error) => recorder.unanswered(sent, &error),
                }
            })
        })
    }

    /// A transport that asks Prism for the response documented for `status` (Prism picks the
    /// `default` response for a status the operation does not list).
    fn transport_preferring(&self, status: u16) -> Transport {
        let prefer = HeaderValue::try_from(format!("code={status}")).expect("an ASCII header");
        self.transport(HeaderMap::from_iter([(PREFER, prefer)]))
    }

    fn record(&self, sent: &str, response: &reqwest::Response) {
        let mut recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.responses += 1;
        if let Some(violations) = response.headers().get("sl-violations") {
            let violations = String::from_utf8_lossy(violations.as_bytes());
            recorded.violations.push(format!("{sent}\n  {violations}"));
        }
    }

    /// A transport answers every request: a request Prism did not answer (it died, or refused
    /// the connection) is recorded and answered with a 502 that says so, which fails the call.
    fn unanswered(&self, sent: String, error: &reqwest::Error) -> reqwest::Response {
        let message = format!("Prism did not answer {sent}: {error}");
        let mut recorded = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.unanswered.push(message.clone());
        http::Response::builder()
            .status(502)
            .header("content-type", "text/plain")
            .body(message)
            .expect("a valid response")
            .into()
    }
}

/// One service's Prism with what its checks found: failed operations and Prism's violations are
/// collected, so one run reports all of them.
struct Contract {
    prism: Prism,
    recorder: ViolationRecorder,
    calls: usize,
    operations: BTreeSet<&'static str>,
    failures: Vec<String>,
}

impl Contract {
    fn start(service: &str) -> Self {
        Self {
            prism: Prism::start(service),
            recorder: ViolationRecorder::default(),
            calls: 0,
            operations: BTreeSet::new(),
            failures: Vec::new(),
        }
    }

    /// The client's base path: Prism serves the spec's paths without the server URL's base path.
    fn url(&self) -> String {
        self.prism.url()
    }

    /// A transport through which every response passes the violation recorder.
    fn transport(&self) -> Transport {
        self.recorder.transport(HeaderMap::new())
    }

    /// Counts `operation` as called; a result that is not `Ok` is a failure.
    fn ok<T, E: Debug>(&mut self, operation: &'static str, result: Result<T, E>) -> Option<T> {
        self.calls += 1;
        self.operations.insert(operation);
        self.passed(operation, result)
    }

    /// A step that sends no request (reading a body): a result that is not `Ok` is a failure.
    fn passed<T, E: Debug>(&mut self, step: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.failures.push(format!("{step}: {error:?}"));
                None
            }
        }
    }

    /// Checks that `result` is the `status` error response, decoded as the type the spec documents
    /// for it (`documented` tells which variant of the operation's error that is).
    fn typed_error<T: Debug, E: Debug>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<T, Error<E>>,
        documented: impl FnOnce(&E) -> bool,
    ) {
        self.calls += 1;
        let problem = match &result {
            Ok(value) => format!("got Ok({value:?})"),
            Err(error) => match (error.status(), error.typed()) {
                (Some(got), Some(typed)) if got.as_u16() == status && documented(typed) => return,
                _ => format!("got {error:?}"),
            },
        };
        self.failures.push(format!(
            "{operation} with `Prefer: code={status}`: expected a {status} decoded as its \
             documented type, {problem}"
        ));
    }

    /// Fails with every failed operation and every violation Prism reported, unless there are
    /// none and each of the service's `operations` was called.
    fn finish(mut self, operations: usize) {
        let recorded = self.recorder.take();
        let mut report = String::new();
        // A request that kills Prism fails before the process is gone: give it a moment.
        let grace = if self.failures.is_empty() {
            Duration::ZERO
        } else {
            Duration::from_secs(2)
        };
        let died = self.prism.exit_status_within(grace);
        if let Some(status) = died {
            writeln!(
                report,
                "Prism died during the checks ({status}), so every later call failed; its \
                 output is printed below"
            )
            .expect("writing to a String");
        }
        for failure in &self.failures {
            writeln!(report, "operation failed: {failure}").expect("writing to a String");
        }
        for unanswered in &recorded.unanswered {
            writeln!(report, "{unanswered}").expect("writing to a String");
        }
        for violation in &recorded.violations {
            writeln!(report, "Prism reports a violation: {violation}")
                .expect("writing to a String");
        }
        if self.operations.len() != operations {
            writeln!(
                report,
                "expected all {operations} operations to be called, got {}: {:?}",
                self.operations.len(),
                self.operations
            )
            .expect("writing to a String");
        }
        if died.is_none() && recorded.responses != self.calls {
            writeln!(
                report,
                "{} calls but {} responses passed the violation recorder",
                self.calls, recorded.responses
            )
            .expect("writing to a String");
        }
        assert!(
            report.is_empty(),
            "{} does not hold against Prism:\n{report}",
            self.prism.spec.display()
        );
    }
}

/// Calls `module::operation(arguments)`, with the optional parameters' setters after it, and
/// counts the operation as called by its own name; a result that is not `Ok` is a failure.
/// Evaluates to the `Ok` value, if any.
macro_rules! call {
    (
        $contract:expr,
        $module:ident::$operation:ident($($argument:expr),* $(,)?)
        $(.$setter:ident($($value:expr),* $(,)?))*
    ) => {
        $contract.ok(
            stringify!($operation),
            $module::$operation($($argument),*)$(.$setter($($value),*))*.await,
        )
    };
}

#[tokio::test]
async fn sftpgo_holds_against_prism() {
    use specfleet_sftpgo::apis::metadata_api::{
        self, GetUsersMetadataChecksError, StartUserMetadataCheckError,
    };

    let mut contract = Contract::start("sftpgo");
    // Builds the error-preferring clients while `contract` is borrowed mutably.
    let recorder = contract.recorder.clone();
    let url = contract.url();
    // One client per scheme: Prism answers 401 unless one of the two alternatives is met.
    let with_api_key = |transport: Transport| {
        specfleet_sftpgo::client()
            .base_url(&url)
            .transport(transport)
            .api_key("placeholder-sftpgo-api-key")
            .build()
            .expect("a client")
    };
    let with_bearer = |transport: Transport| {
        specfleet_sftpgo::client()
            .base_url(&url)
            .transport(transport)
            .bearer_token("placeholder-sftpgo-jwt")
            .build()
            .expect("a client")
    };

    for auth in [
        with_api_key(contract.transport()),
        with_bearer(contract.transport()),
    ] {
        call!(contract, metadata_api::get_users_metadata_checks(&auth));
        call!(
            contract,
            metadata_api::start_user_metadata_check(&auth, "alice")
        );
    }

    for status in [401, 403, 500, 502] {
        let transport = recorder.transport_preferring(status);
        let auth = if status == 401 || status == 500 {
            with_api_key(transport)
        } else {
            with_bearer(transport)
        };
        let result = metadata_api::get_users_metadata_checks(&auth).await;
        contract.typed_error("get_users_metadata_checks", status, result, |typed| {
            matches!(
                (status, typed),
                (401, GetUsersMetadataChecksError::Status401(_))
                    | (403, GetUsersMetadataChecksError::Status403(_))
                    | (500, GetUsersMetadataChecksError::Status500(_))
                    | (502, GetUsersMetadataChecksError::DefaultResponse(_))
            )
        });
    }
    for status in [409, 503] {
        let conflict = with_api_key(recorder.transport_preferring(status));
        let result = metadata_api::start_user_metadata_check(&conflict, "alice").await;
        contract.typed_error("start_user_metadata_check", status, result, |typed| {
            matches!(
                (status, typed),
                (409, StartUserMetadataCheckError::Status409(_))
                    | (503, StartUserMetadataCheckError::DefaultResponse(_))
            )
        });
    }

    contract.finish(2);
}

#[tokio::test]
async fn osparc_storage_holds_against_prism() {
    use specfleet_osparc_storage::apis::default_api::{
        self, CheckActionPostError, CopyFoldersFromProjectError, DeleteFileError,
        GetStorageLocationsError, HealthCheckError,
    };
    use specfleet_osparc_storage::models::{
        CopyAsSoftLinkRequest, CopyFoldersFromProjectRequest, Fake, FileMetaData, Project,
    };

    const USER: &str = "42";
    const SIMCORE_S3: &str = "0";
    const DATCORE: &str = "1";
    const PROJECT: &str = "a2b8f9e4-3c1d-4e5f-8a7b-6c5d4e3f2a1b";
    const NODE: &str = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    // A simcore file id is "<project>/<node>/<file name>": the client sends it as one segment.
    let file_id = format!("{PROJECT}/{NODE}/output.csv");

    let mut contract = Contract::start("osparc-storage");
    // Builds the error-preferring clients while `contract` is borrowed mutably.
    let recorder = contract.recorder.clone();
    let url = contract.url();
    let client = |transport: Transport| {
        specfleet_osparc_storage::client()
            .base_url(&url)
            .transport(transport)
            .build()
            .expect("a client")
    };
    let config = client(contract.transport());
    let project = |uuid: &str, name: &str| -> Project {
        serde_json::from_value(json!({
            "uuid": uuid,
            "name": name,
            "description": "Sweep of the stimulation amplitude",
            "prjOwner": "ann@example.com",
            "accessRights": {"3": {"read": true, "write": true, "delete": true}},
            "creationDate": "2024-03-01T09:30:00Z",
            "lastChangeDate": "2024-03-02T17:05:00Z",
            "thumbnail": "https://example.com/thumbnail.png",
            "workbench": {NODE: {"key": "simcore/services/comp/sleeper", "version": "2.1.1", "label": "sleeper"}},
            "tags": [7],
            "classifiers": [],
            "state": {
                "locked": {"value": false, "status": "CLOSED"},
                "state": {"value": "NOT_STARTED"}
            }
        }))
        .expect("a valid Project")
    };

    call!(contract, default_api::health_check(&config));
    call!(contract, default_api::get_status(&config));
    let fake = Fake::new(
        "echo".into(),
        "ping".into(),
        [("answer".to_owned(), json!(42))].into(),
    );
    call!(
        contract,
        default_api::check_action_post(&config, "echo")
            .data("ping")
            .fake(fake)
    );
    call!(contract, default_api::get_storage_locations(&config, USER));
    call!(
        contract,
        default_api::synchronise_meta_data_table(&config, SIMCORE_S3)
            .dry_run(true)
            .fire_and_forget(false)
    );
    call!(
        contract,
        default_api::get_datasets_metadata(&config, DATCORE, USER)
    );
    call!(
        contract,
        default_api::get_files_metadata(&config, SIMCORE_S3, USER).uuid_filter(PROJECT)
    );
    call!(
        contract,
        default_api::get_files_metadata_dataset(&config, SIMCORE_S3, PROJECT, USER)
    );
    call!(
        contract,
        default_api::get_file_metadata(&config, &file_id, SIMCORE_S3, USER)
    );
    let mut changed = FileMetaData::new();
    changed.file_uuid = Some(file_id.clone());
    changed.location_id = Some(SIMCORE_S3.into());
    changed.project_id = Some(PROJECT.into());
    changed.node_id = Some(NODE.into());
    changed.file_name = Some("output.csv".into());
    changed.user_id = Some(USER.into());
    changed.file_size = Some(1024);
    changed.entity_tag = Some("d41d8cd98f00b204e9800998ecf8427e".into());
    call!(
        contract,
        default_api::update_file_meta_data(&config, &file_id, SIMCORE_S3).file_meta_data(changed)
    );
    call!(
        contract,
        default_api::download_file(&config, &file_id, SIMCORE_S3, USER)
    );
    call!(
        contract,
        default_api::upload_file(&config, &file_id, DATCORE, USER)
            .extra_location(SIMCORE_S3)
            .extra_source(&file_id)
    );
    call!(
        contract,
        default_api::delete_file(&config, &file_id, SIMCORE_S3, USER)
    );
    call!(
        contract,
        default_api::search_files_starting_with(&config, 42).startswith(format!("{PROJECT}/"))
    );
    let mut copy = CopyFoldersFromProjectRequest::new();
    copy.source = Some(Box::new(project(PROJECT, "Template")));
    copy.destination = Some(Box::new(project(
        "c7d6e5f4-a3b2-4c1d-9e8f-7a6b5c4d3e2f",
        "Copy of Template",
    )));
    copy.nodes_map = Some(
        [(
            NODE.to_owned(),
            "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".to_owned(),
        )]
        .into(),
    );
    call!(
        contract,
        default_api::copy_folders_from_project(&config, 42).copy_folders_from_project_request(copy)
    );
    call!(
        contract,
        default_api::delete_folders_of_project(&config, PROJECT, USER).node_id(NODE)
    );
    let link = CopyAsSoftLinkRequest::new(format!("api/{NODE}/output.csv"));
    call!(
        contract,
        default_api::copy_as_soft_link(&config, &file_id, 42).copy_as_soft_link_request(link)
    );

    // Every error is the default response, an ErrorEnveloped, whatever its status.
    let failing = |status| client(recorder.transport_preferring(status));
    let result = default_api::health_check(&failing(503)).await;
    contract.typed_error("health_check", 503, result, |typed| {
        matches!(typed, HealthCheckError::DefaultResponse(_))
    });
    let result = default_api::check_action_post(&failing(500), "fail").await;
    contract.typed_error("check_action_post", 500, result, |typed| {
        matches!(typed, CheckActionPostError::DefaultResponse(_))
    });
    let result = default_api::get_storage_locations(&failing(401), USER).await;
    contract.typed_error("get_storage_locations", 401, result, |typed| {
        matches!(typed, GetStorageLocationsError::DefaultResponse(_))
    });
    let result = default_api::delete_file(&failing(404), &file_id, SIMCORE_S3, USER).await;
    contract.typed_error("delete_file", 404, result, |typed| {
        matches!(typed, DeleteFileError::DefaultResponse(_))
    });
    let result = default_api::copy_folders_from_project(&failing(422), 42).await;
    contract.typed_error("copy_folders_from_project", 422, result, |typed| {
        matches!(typed, CopyFoldersFromProjectError::DefaultResponse(_))
    });

    contract.finish(17);
}

#[tokio::test]
async fn qi_compute_holds_against_prism() {
    use specfleet_qi_compute::apis::metadata_api::{
        self, CreateMetadataSelfMetadataPostError,
        ReadMetadataByBackendIdMetadataBackendBackendIdGetError, ReadMetadataMetadataIdGetError,
    };
    use specfleet_qi_compute::models::MetadataIn;

    let mut contract = Contract::start("qi-compute");
    // Builds the error-preferring clients while `contract` is borrowed mutably.
    let recorder = contract.recorder.clone();
    let url = contract.url();
    // The `backend` scheme (an API key as the whole Authorization header) creates; reads need the
    // user's OAuth2 access token.
    let backend = |transport: Transport| {
        specfleet_qi_compute::client()
            .base_url(&url)
            .transport(transport)
            .api_key("placeholder-qi-backend-key")
            .build()
            .expect("a client")
    };
    let user = |transport: Transport| {
        specfleet_qi_compute::client()
            .base_url(&url)
            .transport(transport)
            .bearer_token("placeholder-qi-access-token")
            .build()
            .expect("a client")
    };

    let mut metadata = MetadataIn::new(Some(
        json!({"qubits": [{"t1": 2.1e-5, "t2": 1.4e-5}], "calibrated": true}),
    ));
    metadata.backend_id = Some(7);
    let creator = backend(contract.transport());
    let reader = user(contract.transport());
    call!(
        contract,
        metadata_api::create_metadata_self_metadata_post(&creator, metadata.clone())
    );
    call!(
        contract,
        metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(&reader, 7)
            .sort_by("-created_on")
            .latest(true)
            .page(1)
            .size(100)
    );
    call!(
        contract,
        metadata_api::read_metadata_metadata_id_get(&reader, 3)
    );

    let result = metadata_api::create_metadata_self_metadata_post(
        &backend(recorder.transport_preferring(422)),
        metadata,
    )
    .await;
    contract.typed_error("create_metadata_self_metadata_post", 422, result, |typed| {
        matches!(typed, CreateMetadataSelfMetadataPostError::Status422(_))
    });
    let result = metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(
        &user(recorder.transport_preferring(422)),
        7,
    )
    .await;
    contract.typed_error(
        "read_metadata_by_backend_id_metadata_backend_backend_id_get",
        422,
        result,
        |typed| {
            matches!(
                typed,
                ReadMetadataByBackendIdMetadataBackendBackendIdGetError::Status422(_)
            )
        },
    );
    for status in [404, 422] {
        let result = metadata_api::read_metadata_metadata_id_get(
            &user(recorder.transport_preferring(status)),
            3,
        )
        .await;
        contract.typed_error("read_metadata_metadata_id_get", status, result, |typed| {
            matches!(
                (status, typed),
                (404, ReadMetadataMetadataIdGetError::Status404(_))
                    | (422, ReadMetadataMetadataIdGetError::Status422(_))
            )
        });
    }

    contract.finish(3);
}

#[tokio::test]
async fn rokka_holds_against_prism() {
    use specfleet_rokka::Upload;
    use specfleet_rokka::apis::sourceimages_api;

    const ORGANIZATION: &str = "acme";
    const HASH: &str = "c421f4e8cefe0fd3df1b5be8f9a1f8a9c4b5d6e7";
    /// The SHA-1 of the uploaded file.
    const BINARY_HASH: &str = "e21fc18d1763206be6314281d750d6847bce0a6c";
    /// A complete 1x1 PNG.
    const IMAGE: &[u8] =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\
\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xdf\xc0\x00\x00\x04\x01\x01\x80\xc5*\x18]\
\x00\x00\x00\x00IEND\xaeB`\x82";

    let mut contract = Contract::start("rokka");
    let config = specfleet_rokka::client()
        .base_url(contract.url())
        .transport(contract.transport())
        .api_key("placeholder-rokka-key")
        .build()
        .expect("a client");

    call!(
        contract,
        sourceimages_api::list_source_images(&config, ORGANIZATION)
            .offset("0")
            .limit(20)
            .sort("created desc")
            .deleted(false)
    );
    call!(
        contract,
        sourceimages_api::list_source_images_by_binary_hash(&config, ORGANIZATION, BINARY_HASH)
    );
    call!(
        contract,
        sourceimages_api::get_source_image(&config, ORGANIZATION, HASH)
    );
    if let Some(download) = call!(
        contract,
        sourceimages_api::download_source_image(&config, ORGANIZATION, HASH)
    ) {
        // The body is whatever Prism generates for `*/*`: reading it all is the check.
        contract.passed("download_source_image body", download.bytes().await);
    }
    call!(
        contract,
        sourceimages_api::copy_source_image(&config, "acme-archive", ORGANIZATION, HASH)
            .overwrite("F")
    );
    call!(
        contract,
        sourceimages_api::create_source_image_meta_dynamic_with_name(
            &config,
            json!({"x": 0, "y": 0, "width": 1, "height": 1}),
            ORGANIZATION,
            HASH,
            "subject_area"
        )
        .delete_previous(true)
    );
    call!(
        contract,
        sourceimages_api::delete_source_image_meta_dynamic_with_name(
            &config,
            ORGANIZATION,
            HASH,
            "subject_area"
        )
        .delete_previous(false)
    );
    call!(
        contract,
        sourceimages_api::create_source_image_meta_user(
            &config,
            json!({"photographer": "Ann", "int:year": 2024}),
            ORGANIZATION,
            HASH
        )
    );
    call!(
        contract,
        sourceimages_api::patch_source_image_meta_user(
            &config,
            json!({"location": "Zurich"}),
            ORGANIZATION,
            HASH
        )
    );
    call!(
        contract,
        sourceimages_api::get_source_image_meta_user(&config, ORGANIZATION, HASH)
    );
    call!(
        contract,
        sourceimages_api::create_source_image_meta_user_wth_name(
            &config,
            "Ann",
            ORGANIZATION,
            HASH,
            "photographer"
        )
    );
    call!(
        contract,
        sourceimages_api::get_source_image_meta_user_with_name(
            &config,
            ORGANIZATION,
            HASH,
            "photographer"
        )
    );
    call!(
        contract,
        sourceimages_api::delete_source_image_meta_user_with_name(
            &config,
            ORGANIZATION,
            HASH,
            "photographer"
        )
    );
    call!(
        contract,
        sourceimages_api::delete_source_image_meta_user(&config, ORGANIZATION, HASH)
    );
    call!(
        contract,
        sourceimages_api::delete_source_image(&config, ORGANIZATION, HASH)
    );
    call!(
        contract,
        sourceimages_api::restore_source_image(&config, ORGANIZATION, HASH)
    );

    let image = TempFile::new("pixel.png", IMAGE);
    call!(
        contract,
        sourceimages_api::create_source_image(&config, Upload::path(image.path()), ORGANIZATION)
            .meta_dynamic(r#"{"subject_area":{"x":0,"y":0,"width":1,"height":1}}"#)
            .meta_user(r#"{"photographer":"Ann"}"#)
    );

    // rokka documents no error responses, so there is no typed error to decode.
    contract.finish(17);
}

#[tokio::test]
async fn cbrain_holds_against_prism() {
    use specfleet_cbrain::Upload;
    use specfleet_cbrain::apis::userfiles_api::{
        self, UserfilesDownloadPostError, UserfilesGetError, UserfilesIdContentGetError,
        UserfilesIdPutError, UserfilesPostError,
    };
    use specfleet_cbrain::models::{MultiUserfilesModReq, Userfile, UserfileModReq};

    /// A tar.gz archive start, for the extracting upload.
    const TAR_GZ: &[u8] =
        b"\x1f\x8b\x08\x00\xa5\x1c\x39\x66\x00\x03\xed\xd1\xc1\x0a\x82\x40\x10\x06\xe0\r\n\x00\xff";

    let mut contract = Contract::start("cbrain");
    // Builds the error-preferring clients while `contract` is borrowed mutably.
    let recorder = contract.recorder.clone();
    let url = contract.url();
    let client = |transport: Transport| {
        specfleet_cbrain::client()
            .base_url(&url)
            .transport(transport)
            .api_key("placeholder-cbrain-api-token")
            .build()
            .expect("a client")
    };
    let config = client(contract.transport());
    let archive = TempFile::new("scans.tar.gz", TAR_GZ);
    let files = || {
        let mut files = MultiUserfilesModReq::new();
        files.file_ids = Some(vec!["42".into(), "43".into()]);
        files
    };
    let change = || {
        let mut userfile = Userfile::new();
        userfile.name = Some("scans".into());
        userfile.group_id = Some(12);
        userfile.group_writable = Some(true);
        userfile.hidden = Some(false);
        userfile.description = Some("Baseline T1 scans".into());
        let mut change = UserfileModReq::new();
        change.userfile = Some(Box::new(userfile));
        change
    };

    call!(
        contract,
        userfiles_api::userfiles_get(&config).page(1).per_page(25)
    );
    call!(contract, userfiles_api::userfiles_id_get(&config, 42));
    call!(
        contract,
        userfiles_api::userfiles_id_put(&config, 42, change())
    );
    if let Some(content) = call!(
        contract,
        userfiles_api::userfiles_id_content_get(&config, 42)
    ) {
        contract.passed("userfiles_id_content_get body", content.bytes().await);
    }
    let mut download = files();
    download.specified_filename = Some("scans.tar.gz".into());
    if let Some(downloaded) = call!(
        contract,
        userfiles_api::userfiles_download_post(&config, download)
    ) {
        contract.passed("userfiles_download_post body", downloaded.bytes().await);
    }
    let mut move_to = files();
    move_to.data_provider_id_for_mv_cp = Some(5);
    call!(
        contract,
        userfiles_api::userfiles_change_provider_post(&config, move_to)
    );
    call!(
        contract,
        userfiles_api::userfiles_compress_post(&config, files())
    );
    call!(
        contract,
        userfiles_api::userfiles_uncompress_post(&config, files())
    );
    let mut sync = files();
    sync.operation = Some("sync_local".into());
    call!(
        contract,
        userfiles_api::userfiles_sync_multiple_post(&config, sync)
    );
    call!(
        contract,
        userfiles_api::userfiles_delete_files_delete(&config, files())
    );

    // The documented errors have no body: the client decodes them by status alone.
    let failing = |status| client(recorder.transport_preferring(status));
    let result = userfiles_api::userfiles_get(&failing(401)).await;
    contract.typed_error("userfiles_get", 401, result, |typed| {
        matches!(typed, UserfilesGetError::Status401)
    });
    let result = userfiles_api::userfiles_id_put(&failing(401), 42, change()).await;
    contract.typed_error("userfiles_id_put", 401, result, |typed| {
        matches!(typed, UserfilesIdPutError::Status401)
    });
    let result = userfiles_api::userfiles_id_content_get(&failing(403), 42).await;
    contract.typed_error("userfiles_id_content_get", 403, result, |typed| {
        matches!(typed, UserfilesIdContentGetError::Status403)
    });
    let result = userfiles_api::userfiles_download_post(&failing(403), files()).await;
    contract.typed_error("userfiles_download_post", 403, result, |typed| {
        matches!(typed, UserfilesDownloadPostError::Status403)
    });

    call!(
        contract,
        userfiles_api::userfiles_post(
            &config,
            Upload::path(archive.path()),
            3,
            12,
            "FileCollection"
        )
        .do_extract("on")
        .up_ex_mode("collection")
    );
    let result = userfiles_api::userfiles_post(
        &failing(401),
        Upload::path(archive.path()),
        3,
        12,
        "SingleFile",
    )
    .await;
    contract.typed_error("userfiles_post", 401, result, |typed| {
        matches!(typed, UserfilesPostError::Status401)
    });

    contract.finish(11);
}

/// The harness itself: a request that breaks the spec must show up as a violation (otherwise
/// every check above would pass by seeing nothing), and a missing credential must fail.
#[tokio::test]
async fn prism_reports_what_breaks_the_spec() {
    use specfleet_qi_compute::apis::metadata_api::{
        self, ReadMetadataByBackendIdMetadataBackendBackendIdGetError,
    };

    let prism = Prism::start("qi-compute");
    let recorder = ViolationRecorder::default();
    let user = specfleet_qi_compute::client()
        .base_url(prism.url())
        .transport(recorder.transport(HeaderMap::new()))
        .bearer_token("placeholder-qi-access-token")
        .build()
        .expect("a client");
    // The spec caps the page size at 100; the operation documents a 422 to answer with.
    let result =
        metadata_api::read_metadata_by_backend_id_metadata_backend_backend_id_get(&user, 7)
            .size(101)
            .await;
    let error = result.expect_err("Prism's 422");
    assert!(
        matches!(
            (error.status().map(|status| status.as_u16()), error.typed()),
            (
                Some(422),
                Some(ReadMetadataByBackendIdMetadataBackendBackendIdGetError::Status422(_))
            )
        ),
        "expected Prism's 422, got {error:?}"
    );
    // Prism answers a missing credential with its own 401 and no violation header: in the checks
    // above, that is an operation that does not return `Ok`.
    let anonymous = specfleet_qi_compute::client()
        .base_url(prism.url())
        .transport(recorder.transport(HeaderMap::new()))
        .build()
        .expect("a client");
    let result = metadata_api::read_metadata_metadata_id_get(&anonymous, 3).await;
    let error = result.expect_err("Prism's 401");
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(401),
        "expected Prism's 401, got {error:?}"
    );

    let recorded = recorder.take();
    assert_eq!(recorded.responses, 2);
    assert!(recorded.unanswered.is_empty(), "{:#?}", recorded.unanswered);
    assert_eq!(recorded.violations.len(), 1, "{:#?}", recorded.violations);
    assert!(
        recorded.violations[0].contains("size=101") && recorded.violations[0].contains("<= 100"),
        "{:#?}",
        recorded.violations
    );
}
