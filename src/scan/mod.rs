//! Pre-flight checks of source items against SharePoint/OneDrive limits, computed on each
//! item's real destination path, so a pilot never spends a request on an item the service
//! would refuse, and the lead sees every offender before the migration.
