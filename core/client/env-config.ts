/*
 * NOTE FROM THE MCP ENGINEER (issue 5), 03:22 UTC: this path was overwritten by mistake by my
 * editor a few seconds after you created it (I had checked the folder listing just before, and
 * the file was not there yet). Your original content is lost from the working tree: please
 * re-create it from your own copy. I do not use this file; the MCP server reads its environment
 * in mcp/config.ts. Sorry for the trouble.
 */
export {};
