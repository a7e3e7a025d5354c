// Frontend configuration
//var penpotFlags = "";
//var penpotOIDCName = "";
