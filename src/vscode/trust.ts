/**
 * Workspace trust. Settings that make Yomiage load a file (or, later, send text to another process or host) are
 * restricted: in an untrusted workspace (Restricted Mode) a value set by the workspace or its folders is ignored and
 * only the user's own value counts, so a cloned repository cannot choose what Yomiage loads or where text goes.
 * package.json lists the same keys in capabilities.untrustedWorkspaces.restrictedConfigurations (a unit test checks
 * that the two agree). A new such setting (the engines list, a dictionary file) is one line here and one there.
 * No `vscode` import: the rule is unit-tested on its own.
 */

export const RESTRICTED_SETTINGS = ['modelPath', 'voiceDirectory', 'engines', 'dictionaryFile'] as const;
export type RestrictedSetting = (typeof RESTRICTED_SETTINGS)[number];

/** The part of WorkspaceConfiguration.inspect() the rule needs. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The value a restricted setting takes: in a trusted workspace the usual precedence (folder, workspace, user,
 * default); in an untrusted one the user's value or the default, whatever the workspace says.
 */
export function restrictedValue<T>(inspected: InspectedValue<T> | undefined, trusted: boolean): T | undefined {
  if (!inspected) return undefined;
  const own = inspected.globalValue ?? inspected.defaultValue;
  return trusted ? (inspected.workspaceFolderValue ?? inspected.workspaceValue ?? own) : own;
}
