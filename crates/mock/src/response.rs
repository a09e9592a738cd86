//! [`Response`]: what a mock answers a matching request with.

/// The answer to a request that matches an expectation: a status, headers and a body.
///
/// Generated `respond` and `respond_error` methods build one from the operation's typed values;
/// build one yourself for anything else (a header, a body the spec does not describe):
///
/// ```
/// let answer = specfleet_mock::Response::new(303)
///     .header("Location", "/sourceimages/acme/c0ffee")
///     .json(&serde_json::json!({"hash": "c0ffee"}));
/// assert_eq!(answer.status(), 303);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Option<std::time::Duration>,
}

impl Response {
    /// An answer with this status and no body.
    pub fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: None,
        }
    }

    /// An operation's success answer, without a body yet: the first 2xx status of `statuses`
    /// (the spec's response codes; 200 when it documents none).
    pub fn ok(statuses: &[&str]) -> Response {
        let status = statuses
            .iter()
            .filter_map(|status| status.parse::<u16>().ok())
            .find(|status| (200..300).contains(status))
            .unwrap_or(200);
        Response::new(status)
    }

    /// `body` serialised as the client reads it: JSON with the operation's JSON media type, or
    /// text when the operation produces only non-JSON types and `body` is a string.
    ///
    /// # Panics
    ///
    /// When `body` cannot be serialised (a map with non-string keys): the test is wrong.
    pub fn typed(self, produces: &[&str], body: &impl serde::Serialize) -> Response {
        let value = match serde_json::to_value(body) {
            Ok(value) => value,
            Err(error) => panic!("specfleet-mock: the response body cannot be serialised: {error}"),
        };
        let json_type = produces
            .iter()
            .find(|media_type| media_type.contains("json"));
        match (json_type, produces.first(), value) {
            (None, Some(media_type), serde_json::Value::String(text)) => {
                self.body(media_type, text.into_bytes())
            }
            (json_type, _, value) => self.body(
                json_type.copied().unwrap_or("application/json"),
                value.to_string().into_bytes(),
            ),
        }
    }

    /// `body` as `application/json`.
    pub fn json(self, body: &impl serde::Serialize) -> Response {
        self.typed(&["application/json"], body)
    }

    /// A body of bytes with its media type. A wildcard (`*/*`, `image/*`, what a spec may list
    /// for a download) is no media type a server can send: it becomes
    /// `application/octet-stream`.
    pub fn body(self, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        let content_type = if content_type.contains('*') {
            "application/octet-stream"
        } else {
            content_type
        };
        let mut response = self.header("Content-Type", content_type);
        response.body = body.into();
        response
    }

    /// Answers only after `delay`: for testing timeouts.
    pub fn delay(mut self, delay: std::time::Duration) -> Response {
        self.delay = Some(delay);
        self
    }

    /// A response header.
    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers
            .retain(|(known, _)| !known.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    pub(crate) fn template(&self) -> wiremock::ResponseTemplate {
        let mut template = wiremock::ResponseTemplate::new(self.status);
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        for (name, value) in &self.headers {
            if !name.eq_ignore_ascii_case("content-type") {
                template = template.insert_header(name.as_str(), value.as_str());
            }
        }
        match self.content_type() {
            Some(content_type) => template.set_body_raw(self.body.clone(), content_type),
            None if self.body.is_empty() => template,
            None => template.set_body_raw(self.body.clone(), "application/octet-stream"),
        }
    }

    fn content_type(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_takes_the_first_documented_2xx_status() {
        assert_eq!(Response::ok(&["404", "201", "200"]).status(), 201);
        assert_eq!(Response::ok(&["default", "2XX"]).status(), 200);
    }

    #[test]
    fn a_wildcard_media_type_is_sent_as_octet_stream() {
        let file = Response::new(200).body("*/*", vec![1, 2]);
        assert_eq!(file.content_type(), Some("application/octet-stream"));
        let image = Response::new(200).body("image/jpeg", vec![1, 2]);
        assert_eq!(image.content_type(), Some("image/jpeg"));
    }

    #[test]
    fn a_string_is_text_unless_the_operation_produces_json() {
        let text = Response::new(200).typed(&["text/plain"], &"hello");
        assert_eq!(text.body, b"hello");
        assert_eq!(text.content_type(), Some("text/plain"));
        let json = Response::new(200).typed(&["text/plain", "application/json"], &"hello");
        assert_eq!(json.body, b"\"hello\"");
        assert_eq!(json.content_type(), Some("application/json"));
    }
}
