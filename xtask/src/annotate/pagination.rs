//! Pagination annotations: what the template needs to give a paged operation's builder
//! `pages()` and `stream()`, from its `[service.pagination.<operationId>]` entry.
//!
//! On the operation: `x-specfleet-pages` and the Rust pieces that read a page (the style, the
//! first position, the item type, and expressions over `page` for the items, their count, the
//! total, the number of pages and the next cursor). On the parameters: which one is the
//! position (`x-specfleet-page-number-position` or `x-specfleet-page-text-position`) and which
//! the page size (`x-specfleet-page-size`). A declaration that does not fit the spec is an error
//! that says what is missing.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail, ensure};
use serde_json::{Map, Value, json};

use super::types::{Wrapping, field, resolve, rust_type, success_schema};
use crate::manifest::{PageStyle, Pagination};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Annotates every paged operation; `name_mappings` are the Rust names of properties that the
/// fixups renamed.
pub(crate) fn annotate(
    document: &mut Value,
    pagination: &BTreeMap<String, Pagination>,
    name_mappings: &BTreeMap<String, String>,
) -> Result<()> {
    let original = document.clone();
    let mut found = Vec::new();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        ensure!(pagination.is_empty(), "the spec has no paths to paginate");
        return Ok(());
    };
    let mut shared_positions = Vec::new();
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        let path_parameters = item.get("parameters").cloned().unwrap_or(json!([]));
        for (method, operation) in item.iter_mut() {
            let Some(operation) = operation
                .as_object_mut()
                .filter(|_| METHODS.contains(&method.as_str()))
            else {
                continue;
            };
            let Some(id) = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                continue;
            };
            let Some(paging) = pagination.get(&id) else {
                continue;
            };
            found.push(id.clone());
            annotate_operation(
                &original,
                operation,
                &path_parameters,
                paging,
                name_mappings,
                &mut shared_positions,
            )
            .with_context(|| {
                format!("the pagination of `{id}` in specs/services.toml does not fit the spec")
            })?;
        }
    }
    // Shared parameters (`$ref`) carry their mark where they are declared.
    for (name, key) in shared_positions {
        if let Some(parameter) = document
            .pointer_mut(&format!("/components/parameters/{name}"))
            .and_then(Value::as_object_mut)
        {
            parameter.insert(key, json!(true));
        }
    }
    if let Some(missing) = pagination.keys().find(|id| !found.contains(id)) {
        bail!(
            "specs/services.toml declares pagination for `{missing}`, which is no operationId of the spec"
        );
    }
    Ok(())
}

fn annotate_operation(
    document: &Value,
    operation: &mut Map<String, Value>,
    path_parameters: &Value,
    paging: &Pagination,
    name_mappings: &BTreeMap<String, String>,
    shared_positions: &mut Vec<(String, String)>,
) -> Result<()> {
    // The position and size parameters. A path-level parameter applies to the operation too;
    // a marked copy of it joins the operation's own list (which overrides the path's).
    let own: Vec<Value> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let inherited: Vec<Value> = path_parameters.as_array().cloned().unwrap_or_default();
    let mut marked_position = false;
    let mut marked_size = paging.size.is_none();
    let mut copies = Vec::new();
    for (index, parameter) in own
        .iter()
        .map(Some)
        .chain(inherited.iter().map(|_| None))
        .enumerate()
    {
        let parameter = parameter.unwrap_or_else(|| &inherited[index - own.len()]);
        let shared = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/parameters/"))
            .map(str::to_owned);
        let resolved = match &shared {
            Some(name) => document
                .pointer(&format!("/components/parameters/{name}"))
                .cloned()
                .unwrap_or_default(),
            None => parameter.clone(),
        };
        if resolved.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let name = resolved
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let key = if name == paging.position {
            marked_position = true;
            match resolved.pointer("/schema/type").and_then(Value::as_str) {
                Some("integer" | "number") if paging.style == PageStyle::Cursor => {
                    bail!("the cursor parameter `{name}` must be a string")
                }
                Some("integer" | "number") => "x-specfleet-page-number-position",
                _ => "x-specfleet-page-text-position",
            }
        } else if Some(name) == paging.size.as_deref() {
            marked_size = true;
            "x-specfleet-page-size"
        } else {
            continue;
        };
        match shared {
            Some(shared) => shared_positions.push((shared, key.to_owned())),
            None if index < own.len() => {
                if let Some(mine) = operation
                    .get_mut("parameters")
                    .and_then(|list| list.get_mut(index))
                    .and_then(Value::as_object_mut)
                {
                    mine.insert(key.to_owned(), json!(true));
                }
            }
            None => {
                let mut copy = resolved.clone();
                copy[key] = json!(true);
                copies.push(copy);
            }
        }
    }
    if !copies.is_empty()
        && let Some(list) = operation
            .entry("parameters")
            .or_insert_with(|| json!([]))
            .as_array_mut()
    {
        list.extend(copies);
    }
    ensure!(marked_position, "no query parameter `{}`", paging.position);
    ensure!(
        marked_size,
        "no query parameter `{}`",
        paging.size.as_deref().unwrap_or_default()
    );

    // The page: the first documented 2xx JSON response.
    let schema = success_schema(document, operation).context("no 2xx JSON response")?;
    let page = resolve(document, &schema);
    let (items, count, item_schema) = if paging.items.is_empty() {
        let items = page
            .get("items")
            .context("the response is not an array (`items` is empty)")?;
        ("page".to_owned(), "page.len()".to_owned(), items.clone())
    } else {
        let field = field(document, &page, &paging.items, name_mappings)?;
        let array = resolve(document, &field.schema);
        let items = array
            .get("items")
            .with_context(|| format!("the response field `{}` is not an array", paging.items))?;
        let (owned, count) = match field.wrapping {
            Wrapping::None => (
                format!("page.{}", field.rust),
                format!("page.{}.len()", field.rust),
            ),
            Wrapping::Option => (
                format!("page.{}.unwrap_or_default()", field.rust),
                format!("page.{}.as_ref().map_or(0, Vec::len)", field.rust),
            ),
            Wrapping::DoubleOption => (
                format!("page.{}.flatten().unwrap_or_default()", field.rust),
                format!(
                    "page.{}.as_ref().and_then(Option::as_ref).map_or(0, Vec::len)",
                    field.rust
                ),
            ),
        };
        (owned, count, items.clone())
    };
    let item = rust_type(&item_schema)
        .context("the items must be a named schema or a primitive, so their Rust type is known")?;
    let number = |name: &Option<String>| -> Result<String> {
        let Some(name) = name else {
            return Ok("None".to_owned());
        };
        let field = field(document, &page, name, name_mappings)?;
        Ok(match field.wrapping {
            Wrapping::None => format!("Some(page.{} as u64)", field.rust),
            Wrapping::Option => format!("page.{}.map(|value| value as u64)", field.rust),
            Wrapping::DoubleOption => {
                format!("page.{}.flatten().map(|value| value as u64)", field.rust)
            }
        })
    };
    let next = match &paging.next {
        None => "None".to_owned(),
        Some(name) => {
            let field = field(document, &page, name, name_mappings)?;
            match field.wrapping {
                Wrapping::None => format!("Some(page.{}.to_string())", field.rust),
                Wrapping::Option => format!(
                    "page.{}.as_ref().map(|value| value.to_string())",
                    field.rust
                ),
                Wrapping::DoubleOption => format!(
                    "page.{}.as_ref().and_then(Option::as_ref).map(|value| value.to_string())",
                    field.rust
                ),
            }
        }
    };
    let (style, first) = match paging.style {
        PageStyle::Page => ("Number", "1"),
        PageStyle::Offset => ("Offset", "0"),
        PageStyle::Cursor => ("Cursor", "0"),
    };
    operation.insert("x-specfleet-pages".to_owned(), json!(true));
    operation.insert("x-specfleet-page-style".to_owned(), json!(style));
    operation.insert("x-specfleet-page-first".to_owned(), json!(first));
    operation.insert("x-specfleet-page-item".to_owned(), json!(item));
    operation.insert("x-specfleet-page-items".to_owned(), json!(items));
    operation.insert("x-specfleet-page-count".to_owned(), json!(count));
    operation.insert(
        "x-specfleet-page-total".to_owned(),
        json!(number(&paging.total)?),
    );
    operation.insert(
        "x-specfleet-page-pages".to_owned(),
        json!(number(&paging.pages)?),
    );
    operation.insert("x-specfleet-page-next".to_owned(), json!(next));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(style: PageStyle, position: &str, size: Option<&str>, items: &str) -> Pagination {
        Pagination {
            style,
            position: position.into(),
            size: size.map(str::to_owned),
            items: items.into(),
            total: None,
            pages: None,
            next: None,
        }
    }

    #[test]
    fn a_paged_operation_gets_its_reading_expressions() {
        let mut document = json!({
            "paths": {"/images": {"get": {
                "operationId": "list_images",
                "parameters": [
                    {"name": "offset", "in": "query", "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/Limit"}
                ],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImagePage"}}}}}
            }}},
            "components": {
                "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
                "schemas": {
                    "ImagePage": {"type": "object", "required": ["items"], "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/source_image"}},
                        "total": {"type": "integer"},
                        "cursor": {"type": "string", "nullable": true}
                    }},
                    "source_image": {"type": "object"}
                }
            }
        });
        let mut pagination = BTreeMap::new();
        let mut entry = paging(PageStyle::Offset, "offset", Some("limit"), "items");
        entry.total = Some("total".into());
        entry.next = Some("cursor".into());
        pagination.insert("list_images".to_owned(), entry);

        annotate(&mut document, &pagination, &BTreeMap::new()).expect("the pagination fits");

        let operation = &document["paths"]["/images"]["get"];
        assert_eq!(operation["x-specfleet-page-style"], "Offset");
        assert_eq!(operation["x-specfleet-page-item"], "models::SourceImage");
        assert_eq!(operation["x-specfleet-page-items"], "page.items");
        assert_eq!(operation["x-specfleet-page-count"], "page.items.len()");
        assert_eq!(
            operation["x-specfleet-page-total"],
            "page.total.map(|value| value as u64)"
        );
        assert_eq!(
            operation["x-specfleet-page-next"],
            "page.cursor.as_ref().and_then(Option::as_ref).map(|value| value.to_string())"
        );
        assert_eq!(
            operation["parameters"][0]["x-specfleet-page-text-position"],
            true
        );
        assert_eq!(
            document["components"]["parameters"]["Limit"]["x-specfleet-page-size"],
            true
        );
    }

    #[test]
    fn declarations_that_do_not_fit_say_why() {
        let mut document = json!({"paths": {"/a": {"get": {
            "operationId": "list",
            "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}
        }}}});
        let error = |pagination: BTreeMap<String, Pagination>, document: &mut Value| {
            format!(
                "{:#}",
                annotate(document, &pagination, &BTreeMap::new()).expect_err("refused")
            )
        };
        let mut wrong_name = BTreeMap::new();
        wrong_name.insert("list".to_owned(), paging(PageStyle::Page, "p", None, ""));
        assert!(error(wrong_name, &mut document.clone()).contains("no query parameter `p`"));
        let mut unknown = BTreeMap::new();
        unknown.insert("nope".to_owned(), paging(PageStyle::Page, "page", None, ""));
        assert!(error(unknown, &mut document.clone()).contains("`nope`"));
        let mut inline_items = BTreeMap::new();
        inline_items.insert("list".to_owned(), paging(PageStyle::Page, "page", None, ""));
        assert!(error(inline_items, &mut document).contains("named schema or a primitive"));
    }
}
