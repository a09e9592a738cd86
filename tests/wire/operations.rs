//! Every seed operation exists under the seed's own name: a rename in a spec fails to compile here.

/// Imports each function (so it must exist) and returns the names, as the seed pages spell them.
/// An import, not a value: the functions take `impl Into<String>`, so naming one as a value would
/// need types for those arguments.
macro_rules! operations {
    ($module:path => $($operation:ident),+ $(,)?) => {{
        use $module as module;
        vec![$({
            #[allow(unused_imports, reason = "resolving the import is the check")]
            use module::$operation as _;
            stringify!($operation)
        }),+]
    }};
}

#[test]
fn all_fifty_seed_operations_are_generated_under_their_seed_names() {
    let sftpgo = operations!(specfleet_sftpgo::apis::metadata_api =>
        get_users_metadata_checks, start_user_metadata_check);
    let osparc = operations!(specfleet_osparc_storage::apis::default_api =>
        check_action_post, copy_as_soft_link, copy_folders_from_project, delete_file,
        delete_folders_of_project, download_file, get_datasets_metadata, get_file_metadata,
        get_files_metadata, get_files_metadata_dataset, get_status, get_storage_locations,
        health_check, search_files_starting_with, synchronise_meta_data_table,
        update_file_meta_data, upload_file);
    let qi = operations!(specfleet_qi_compute::apis::metadata_api =>
        create_metadata_self_metadata_post,
        read_metadata_by_backend_id_metadata_backend_backend_id_get,
        read_metadata_metadata_id_get);
    let rokka = operations!(specfleet_rokka::apis::sourceimages_api =>
        copy_source_image, create_source_image, create_source_image_meta_dynamic_with_name,
        create_source_image_meta_user, create_source_image_meta_user_wth_name, delete_source_image,
        delete_source_image_meta_dynamic_with_name, delete_source_image_meta_user,
        delete_source_image_meta_user_with_name, download_source_image, get_source_image,
        get_source_image_meta_user, get_source_image_meta_user_with_name, list_source_images,
        list_source_images_by_binary_hash, patch_source_image_meta_user, restore_source_image);
    let cbrain = operations!(specfleet_cbrain::apis::userfiles_api =>
        userfiles_change_provider_post, userfiles_compress_post, userfiles_delete_files_delete,
        userfiles_download_post, userfiles_get, userfiles_id_content_get, userfiles_id_get,
        userfiles_id_put, userfiles_post, userfiles_sync_multiple_post, userfiles_uncompress_post);

    let counts = [
        sftpgo.len(),
        osparc.len(),
        qi.len(),
        rokka.len(),
        cbrain.len(),
    ];
    assert_eq!(counts, [2, 17, 3, 17, 11], "operations per seed page");
    let mut all: Vec<_> = [sftpgo, osparc, qi, rokka, cbrain].concat();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 50, "no operation is listed twice");
}
