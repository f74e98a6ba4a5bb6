// Written by a helper: see the module docs in mod.rs.
