pub mod multi_userfiles_mod_req;
pub use self::multi_userfiles_mod_req::MultiUserfilesModReq;
pub mod userfile;
pub use self::userfile::Userfile;
pub mod userfile_mod_req;
pub use self::userfile_mod_req::UserfileModReq;
