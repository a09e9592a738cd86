//! [`Expectation`]: what one operation's request must hold to match, built by generated code
//! with the same calls (and the same encoding functions) that build the client's request.

use std::fmt::{self, Display};

use percent_encoding::percent_decode_str;
use specfleet_runtime::encoding;

use crate::multipart;

/// The request an operation sends, as far as a test pins it down: the method and the route with
/// its values always; the query pairs, headers, cookies and body fields that were set. Anything
/// not set matches any value, so an expectation with only the route matches every call of the
/// operation on that resource.
///
/// Generated `mock` modules build these; the methods mirror those of
/// [`specfleet_runtime::Request`] so that an expectation and the request it matches are written
/// by the same template lines and encoded by the same functions.
#[derive(Debug, Clone)]
#[must_use = "an expectation does nothing until it is registered on a MockServer"]
pub struct Expectation {
    operation: &'static str,
    method: &'static str,
    route: &'static str,
    path: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<String>,
    body: BodyMatch,
    /// The first value that the client would refuse to send: such an expectation can never
    /// match, and says why.
    invalid: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum BodyMatch {
    Any,
    Json {
        content_type: String,
        value: serde_json::Value,
    },
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
    Form(Vec<(String, String)>),
    Multipart(Vec<PartMatch>),
}

#[derive(Debug, Clone, PartialEq)]
enum PartMatch {
    Text {
        name: String,
        value: String,
    },
    Json {
        name: String,
        value: serde_json::Value,
    },
}

/// A request as the server received it, in the terms an expectation compares.
pub(crate) struct Received<'a> {
    pub(crate) method: &'a str,
    /// The path as sent, percent-encoding kept.
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: &'a wiremock::http::HeaderMap,
    pub(crate) body: &'a [u8],
}

impl<'a> Received<'a> {
    pub(crate) fn new(request: &'a wiremock::Request) -> Received<'a> {
        Received {
            method: request.method.as_str(),
            path: request.url.path(),
            query: request.url.query_pairs().into_owned().collect(),
            headers: &request.headers,
            body: &request.body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The media type of the body, without parameters, lower case.
    fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// One way a received request differs from an expectation: the field, what was expected and
/// what came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    pub(crate) field: String,
    pub(crate) expected: String,
    pub(crate) received: String,
}

impl Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, received {}",
            self.field, self.expected, self.received
        )
    }
}

impl Expectation {
    /// An expectation of `operation` (its name in the client), sent as `method` (`"GET"`) to
    /// `route` (the spec's path template, `/userfiles/{id}`).
    pub fn new(operation: &'static str, method: &'static str, route: &'static str) -> Expectation {
        Expectation {
            operation,
            method,
            route,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: BodyMatch::Any,
            invalid: None,
        }
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// The value of the route's `{name}`.
    pub fn path(mut self, name: &'static str, value: impl Display) -> Self {
        self.path.push((name, value.to_string()));
        self
    }

    /// A query pair the request must carry.
    pub fn query(mut self, name: &'static str, value: impl Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// One query pair per item, all of which the request must carry (`ids=1&ids=2`).
    pub fn query_each<T: Display>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = T>,
    ) -> Self {
        for value in values {
            self.query.push((name.to_owned(), value.to_string()));
        }
        self
    }

    /// The pairs of a `deepObject` query parameter ([`encoding::deep_object`]).
    pub fn query_deep_object(mut self, name: &'static str, value: &impl serde::Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(encoding::deep_object(name, &value)),
            Err(error) => self.refuse(format!("the query parameter `{name}`: {error}")),
        }
        self
    }

    /// The pairs of an exploded object query parameter ([`encoding::form_object`]).
    pub fn query_form_object(mut self, value: &impl serde::Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(encoding::form_object(&value)),
            Err(error) => self.refuse(format!("a query parameter object: {error}")),
        }
        self
    }

    /// A query parameter sent as JSON text.
    pub fn query_json(mut self, name: &'static str, value: &impl serde::Serialize) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.query.push((name.to_owned(), text)),
            Err(error) => self.refuse(format!("the query parameter `{name}`: {error}")),
        }
        self
    }

    /// A header the request must carry with this value.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// A cookie the request must carry ([`encoding::cookie_pair`]).
    pub fn cookie(mut self, name: &'static str, value: impl Display) -> Self {
        self.cookies
            .push(encoding::cookie_pair(name, &value.to_string()));
        self
    }

    /// A JSON body of this media type, equal to `body` as JSON (the order of keys is free).
    pub fn json_as(mut self, content_type: &str, body: &impl serde::Serialize) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => {
                self.body = BodyMatch::Json {
                    content_type: content_type.to_ascii_lowercase(),
                    value,
                }
            }
            Err(error) => self.refuse(format!("the body: {error}")),
        }
        self
    }

    /// A body of exactly these bytes, of this media type.
    pub fn bytes(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.body = BodyMatch::Bytes {
            content_type: content_type.to_ascii_lowercase(),
            bytes: bytes.into(),
        };
        self
    }

    /// A field of an `application/x-www-form-urlencoded` body, when it has a value.
    pub fn form(mut self, name: &'static str, value: Option<impl Display>) -> Self {
        if let Some(value) = value {
            let field = (name.to_owned(), value.to_string());
            match &mut self.body {
                BodyMatch::Form(fields) => fields.push(field),
                body => *body = BodyMatch::Form(vec![field]),
            }
        }
        self
    }

    /// A `multipart/form-data` body, whatever its parts.
    pub fn multipart(mut self) -> Self {
        if !matches!(self.body, BodyMatch::Multipart(_)) {
            self.body = BodyMatch::Multipart(Vec::new());
        }
        self
    }

    /// A text part of a `multipart/form-data` body, when it has a value.
    pub fn part(self, name: &'static str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.push_part(PartMatch::Text {
                name: name.to_owned(),
                value: value.to_string(),
            }),
            None => self,
        }
    }

    /// A JSON part of a `multipart/form-data` body, when it has a value.
    pub fn part_json(mut self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        let Some(value) = value else {
            return self;
        };
        match serde_json::to_value(value) {
            Ok(value) => self.push_part(PartMatch::Json {
                name: name.to_owned(),
                value,
            }),
            Err(error) => {
                self.refuse(format!("the part `{name}`: {error}"));
                self
            }
        }
    }

    fn push_part(mut self, part: PartMatch) -> Self {
        match &mut self.body {
            BodyMatch::Multipart(parts) => parts.push(part),
            body => *body = BodyMatch::Multipart(vec![part]),
        }
        self
    }

    /// The path this expectation matches under `base_path`, its values percent-encoded as the
    /// client encodes them.
    pub(crate) fn expected_path(&self, base_path: &str) -> String {
        let mut path = base_path.trim_end_matches('/').to_owned();
        for segment in self.route.split('/').skip(1) {
            path.push('/');
            path.push_str(&self.segment(segment));
        }
        path
    }

    /// One segment of the route with its values in place (a segment may mix text and values:
    /// `{name}.json`).
    fn segment(&self, template: &str) -> String {
        let mut segment = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            segment.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            match self.path.iter().find(|(parameter, _)| *parameter == name) {
                Some((_, value)) => segment.push_str(&encoding::path_segment(value)),
                None => segment.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        segment.push_str(rest);
        segment
    }

    /// `GET /base/sourceimages/acme?limit=20`: the expectation as one line, for messages.
    pub(crate) fn describe(&self, base_path: &str) -> String {
        let mut line = format!("{} {}", self.method, self.expected_path(base_path));
        if !self.query.is_empty() {
            let query: Vec<String> = self
                .query
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            line.push('?');
            line.push_str(&query.join("&"));
        }
        line
    }

    /// Every way `request` differs from this expectation; none means it matches.
    pub(crate) fn differences(&self, base_path: &str, request: &Received<'_>) -> Vec<Difference> {
        let mut differences = Vec::new();
        let mut differ = |field: String, expected: String, received: String| {
            differences.push(Difference {
                field,
                expected,
                received,
            })
        };
        if let Some(problem) = &self.invalid {
            differ(
                "expectation".into(),
                "values the client can send".into(),
                problem.clone(),
            );
        }
        if !self.method.eq_ignore_ascii_case(request.method) {
            differ(
                "method".into(),
                self.method.into(),
                request.method.to_owned(),
            );
        }
        self.path_differences(base_path, request.path, &mut differ);
        pair_differences("query", &self.query, request.query.clone(), &mut differ);
        for (name, value) in &self.headers {
            let received = request.header(name);
            if received != Some(value.as_str()) {
                differ(
                    format!("header `{name}`"),
                    format!("{value:?}"),
                    received.map_or("nothing".into(), |text| format!("{text:?}")),
                );
            }
        }
        let cookies: Vec<&str> = request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';').map(str::trim))
            .collect();
        for pair in &self.cookies {
            if !cookies.contains(&pair.as_str()) {
                let name = pair.split('=').next().unwrap_or_default();
                let received: Vec<&str> = cookies
                    .iter()
                    .filter(|cookie| cookie.split('=').next() == Some(name))
                    .copied()
                    .collect();
                differ(
                    format!("cookie `{name}`"),
                    format!("{pair:?}"),
                    if received.is_empty() {
                        "nothing".into()
                    } else {
                        received.join(", ")
                    },
                );
            }
        }
        self.body_differences(request, &mut differ);
        differences
    }

    fn path_differences(
        &self,
        base_path: &str,
        received: &str,
        differ: &mut impl FnMut(String, String, String),
    ) {
        let expected = self.expected_path(base_path);
        if expected == received {
            return;
        }
        let base = base_path.trim_end_matches('/');
        let expected_segments: Vec<&str> = expected.split('/').collect();
        let received_segments: Vec<&str> = received.split('/').collect();
        let route_segments: Vec<&str> = base
            .split('/')
            .chain(self.route.split('/').skip(1))
            .collect();
        if expected_segments.len() != received_segments.len() {
            differ("path".into(), expected, received.to_owned());
            return;
        }
        for ((template, expected), received) in route_segments
            .iter()
            .zip(&expected_segments)
            .zip(&received_segments)
        {
            if expected == received {
                continue;
            }
            let field = match template.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => format!("path value `{name}`"),
                None => "path segment".to_owned(),
            };
            differ(field, decoded(expected), decoded(received));
        }
    }

    fn body_differences(
        &self,
        request: &Received<'_>,
        differ: &mut impl FnMut(String, String, String),
    ) {
        let media_type = request.media_type();
        let mut media_type_is = |expected: &str| {
            let same = media_type.as_deref() == Some(expected);
            if !same {
                differ(
                    "body media type".into(),
                    expected.to_owned(),
                    media_type.clone().unwrap_or_else(|| "none".into()),
                );
            }
            same
        };
        match &self.body {
            BodyMatch::Any => {}
            BodyMatch::Json {
                content_type,
                value,
            } => {
                if media_type_is(content_type) {
                    match serde_json::from_slice::<serde_json::Value>(request.body) {
                        Ok(received) => json_differences("body", value, &received, differ),
                        Err(error) => differ(
                            "body".into(),
                            value.to_string(),
                            format!("something that is not JSON ({error})"),
                        ),
                    }
                }
            }
            BodyMatch::Bytes {
                content_type,
                bytes,
            } => {
                if media_type_is(content_type) && bytes.as_slice() != request.body {
                    differ(
                        "body".into(),
                        format!("{:?}", String::from_utf8_lossy(bytes)),
                        format!("{:?}", String::from_utf8_lossy(request.body)),
                    );
                }
            }
            BodyMatch::Form(fields) => {
                if media_type_is("application/x-www-form-urlencoded") {
                    let received = form_urlencoded::parse(request.body).into_owned().collect();
                    pair_differences("form field", fields, received, differ);
                }
            }
            BodyMatch::Multipart(parts) => {
                if media_type_is("multipart/form-data") {
                    let received = request
                        .header("content-type")
                        .and_then(multipart::boundary)
                        .map(|boundary| multipart::parts(request.body, &boundary))
                        .unwrap_or_default();
                    for part in parts {
                        part_differences(part, &received, differ);
                    }
                }
            }
        }
    }
}

fn part_differences(
    part: &PartMatch,
    received: &[multipart::Part],
    differ: &mut impl FnMut(String, String, String),
) {
    let (name, expected) = match part {
        PartMatch::Text { name, value } => (name, serde_json::Value::String(value.clone())),
        PartMatch::Json { name, value } => (name, value.clone()),
    };
    let field = format!("part `{name}`");
    let candidates: Vec<&multipart::Part> =
        received.iter().filter(|part| part.name == *name).collect();
    if candidates.is_empty() {
        differ(field, expected.to_string(), "no such part".into());
        return;
    }
    let matches = |candidate: &&multipart::Part| match part {
        PartMatch::Text { value, .. } => candidate.body == value.as_bytes(),
        PartMatch::Json { value, .. } => {
            serde_json::from_slice::<serde_json::Value>(&candidate.body)
                .ok()
                .as_ref()
                == Some(value)
        }
    };
    if !candidates.iter().any(matches) {
        let received: Vec<String> = candidates
            .iter()
            .map(|part| format!("{:?}", String::from_utf8_lossy(&part.body)))
            .collect();
        differ(field, expected.to_string(), received.join(", "));
    }
}

/// The first place where two JSON values differ, named by its JSON pointer (`body/tags/0`).
fn json_differences(
    at: &str,
    expected: &serde_json::Value,
    received: &serde_json::Value,
    differ: &mut impl FnMut(String, String, String),
) {
    use serde_json::Value;
    match (expected, received) {
        (Value::Object(expected), Value::Object(received)) => {
            for (key, value) in expected {
                let at = format!("{at}/{key}");
                match received.get(key) {
                    Some(received) => json_differences(&at, value, received, differ),
                    None => differ(at, value.to_string(), "nothing".into()),
                }
            }
            for key in received.keys().filter(|key| !expected.contains_key(*key)) {
                differ(
                    format!("{at}/{key}"),
                    "nothing".into(),
                    received[key].to_string(),
                );
            }
        }
        (Value::Array(expected_items), Value::Array(received_items))
            if expected_items.len() == received_items.len() =>
        {
            for (index, (expected, received)) in
                expected_items.iter().zip(received_items).enumerate()
            {
                json_differences(&format!("{at}/{index}"), expected, received, differ);
            }
        }
        _ if expected == received => {}
        _ => differ(at.to_owned(), expected.to_string(), received.to_string()),
    }
}

/// Each expected pair the received ones lack, as `<kind> `name``. A pair is used up by the
/// expected one it matches, so `ids=1` twice needs two received `ids=1`.
fn pair_differences(
    kind: &str,
    expected: &[(String, String)],
    mut received: Vec<(String, String)>,
    differ: &mut impl FnMut(String, String, String),
) {
    for (name, value) in expected {
        match received
            .iter()
            .position(|pair| pair.0 == *name && pair.1 == *value)
        {
            Some(found) => {
                received.remove(found);
            }
            None => differ(
                format!("{kind} `{name}`"),
                format!("{value:?}"),
                values_of(&received, name),
            ),
        }
    }
}

fn values_of(pairs: &[(String, String)], name: &str) -> String {
    let values: Vec<String> = pairs
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| format!("{value:?}"))
        .collect();
    if values.is_empty() {
        "nothing".into()
    } else {
        values.join(", ")
    }
}

fn decoded(segment: &str) -> String {
    format!("{:?}", percent_decode_str(segment).decode_utf8_lossy())
}
