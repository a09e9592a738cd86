//! Reading a `multipart/form-data` body (RFC 7578) far enough to compare its parts: each part's
//! name, file name and content.

/// One part of a received multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// The boundary named by a `Content-Type: multipart/form-data; boundary=...` header.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.trim().split_once('=')?;
        key.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_owned())
    })
}

/// The parts of `body`; what cannot be read as a part is skipped (the comparison then reports
/// the part as missing, which is what a test needs to see).
pub(crate) fn parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in split(body, delimiter.as_bytes()).into_iter().skip(1) {
        if chunk.starts_with(b"--") {
            break;
        }
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        let Some(split_at) = find(chunk, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&chunk[..split_at]);
        let disposition = head.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(value)
        });
        let Some(disposition) = disposition else {
            continue;
        };
        let Some(name) = parameter(disposition, "name") else {
            continue;
        };
        parts.push(Part {
            name,
            file_name: parameter(disposition, "filename"),
            body: chunk[split_at + 4..].to_vec(),
        });
    }
    parts
}

/// A `key="value"` parameter of a `Content-Disposition` header.
fn parameter(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.trim().split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"').to_owned())
    })
}

fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut rest = haystack;
    while let Some(at) = find(rest, needle) {
        pieces.push(&rest[..at]);
        rest = &rest[at + needle.len()..];
    }
    pieces.push(rest);
    pieces
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_of_a_body_as_reqwest_writes_it() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{\"a\":1}\r\n\
                     --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\
                     Content-Type: image/jpeg\r\n\r\n\xff\xd8\r\n--XyZ--\r\n";
        let boundary = boundary("multipart/form-data; boundary=XyZ").expect("a boundary");
        assert_eq!(
            parts(body, &boundary),
            vec![
                Part {
                    name: "meta".into(),
                    file_name: None,
                    body: b"{\"a\":1}".to_vec(),
                },
                Part {
                    name: "file".into(),
                    file_name: Some("a.jpg".into()),
                    body: vec![0xff, 0xd8],
                },
            ]
        );
    }

    #[test]
    fn a_quoted_boundary_is_read_and_a_missing_one_is_none() {
        assert_eq!(
            boundary("multipart/form-data; charset=utf-8; Boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(boundary("multipart/form-data"), None);
    }
}
