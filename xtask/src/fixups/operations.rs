//! Fixups for operations as a whole.

use serde_json::Value;

/// An operation with several tags keeps only its first.
///
/// Why: the generator writes an operation into the API module of every tag it has, so an
/// operation tagged twice becomes two functions and two builder types, and the crate's typed
/// mocks, one module for the whole crate, define its expectation twice
/// (`the name WaitDagRunUntilFinishedMock is defined multiple times`). With one tag, each
/// operation is one function under its first tag's module, as the spec lists it first. Tags
/// only group operations: nothing on the wire changes.
pub(super) fn operations_in_one_tag(document: &mut Value) -> usize {
    let mut changed = 0;
    for operation in crate::annotate::operations(document) {
        if let Some(tags) = operation.get_mut("tags").and_then(Value::as_array_mut)
            && tags.len() > 1
        {
            tags.truncate(1);
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_operation_keeps_its_first_tag_only() {
        let mut document = json!({"paths": {
            "/a": {
                "get": {"tags": ["DAGRun", "Experimental"]},
                "post": {"tags": ["DAGRun"]},
                "put": {},
            },
        }});
        assert_eq!(operations_in_one_tag(&mut document), 1);
        assert_eq!(document["paths"]["/a"]["get"]["tags"], json!(["DAGRun"]));
        assert_eq!(document["paths"]["/a"]["post"]["tags"], json!(["DAGRun"]));
        assert!(document["paths"]["/a"]["put"].get("tags").is_none());
    }
}
