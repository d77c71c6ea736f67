// The hand-written opening of docs/config.md: what the schema cannot say (ownership, validation
// beyond the schema). Everything about a single key belongs in its schema description instead.

export const CONFIG_PREFACE = `
# The config file

One YAML file describes one OpenAI organization. orgform reads it, checks it completely, and
plans the API calls that make the organization match it. The file's first line may point editors
at the schema, so that editors using the YAML language server (VS Code's YAML extension, among
others) complete keys and show each key's description:

\`\`\`yaml
# yaml-language-server: $schema=../schemas/org.schema.json
version: 1
\`\`\`

A complete example is [\`examples/org.yaml\`](../examples/org.yaml); the README shows one at a glance.
Amounts are in **USD cents**. Emails are compared case-insensitively (orgform lower-cases them).

## Ownership: present means authoritative, absent means left alone

| In the file | orgform does |
|---|---|
| a key is **absent** | nothing: that setting or list is not managed, whatever it is live |
| a list is present, e.g. \`members: [...]\` | makes the live list exactly this: adds, changes and **removes** |
| a list is present and empty, \`members: []\` | removes every live entry |
| a singleton is \`null\`, e.g. \`spend_limit: null\` | deletes it (\`model_permissions: null\`: no model restriction) |
| any other project key is \`null\`, e.g. \`members: null\` | nothing: the key is not set, and any value \`defaults:\` or a template gives it is cleared ([templates-and-policies.md](templates-and-policies.md#null-means-not-set)) |
| a project is listed | creates it if missing; manages only the keys it lists |
| a live project is not listed | leaves it alone (archive one with \`archived: true\`) |

So a file can start small (\`version: 1\` and one project) and take over more of the
organization one key at a time. Removals are further bounded by \`protect\` and
\`orgform.destroy_limits\`. In the reference below, a key with no default is not managed when
absent.

## Validation

\`orgform validate\` (and every command, before it calls the API) reports **every** problem in the
file at once, each as \`FILE:LINE:COL: message\`, in file order, and changes nothing. For example:

\`\`\`
org.yaml:6:5: unknown key \`datas_retention\` in project "Research" (did you mean \`data_retention\`?)
org.yaml:9:27: threshold_amount must be greater than 0 (got -5)
org.yaml:12:19: project "Reserch" is not under \`projects:\` in this file (did you mean \`Research\`?)
\`\`\`

The file must be:

- at most 10 MiB, UTF-8, one YAML document, with no more than about 100 levels of nesting;
- without duplicate keys, keys that are not strings, merge keys (\`<<\`), or the keys
  \`__proto__\`, \`constructor\` and \`prototype\`; aliases (\`*name\`) are expanded, up to 10,000
  nodes in total (an "alias bomb" is refused);
- valid against \`schemas/org.schema.json\` (JSON Schema 2020-12, the reference below): known keys
  only, the right types, enum values, emails that are emails, positive integer amounts.

Then these rules apply:

| Rule | Problem |
|---|---|
| names | A project name, service account name, model name (in \`rate_limits\`), model id, \`renamed_from\` or protected project name is empty, blank, \`.\` or \`..\`, or contains a control character or an invisible formatting character (zero-width space, direction marks: look-alike names). Other characters, \`/\` included, are fine: names are never URL paths. |
| look-alike projects | Two project names that are the same text after Unicode NFC, or differ only in NFKC form (a no-break space), only by case, or only by confusable characters (Unicode TR39 skeleton, e.g. a Cyrillic \`е\` in \`Rеsearch\`): a project can never be deleted, only archived. A new project whose name looks like a live project's gets a warning in the plan naming the live one. |
| renames | \`renamed_from\` names the project itself, another project in the file, or a project another \`renamed_from\` already names. |
| archived projects | An \`archived: true\` project sets anything but \`renamed_from\`; a protected project is archived. |
| unique entries | Repeated user email, invite email, member email in a project, service account name in a project, or spend alert \`threshold_amount\` in a project. Emails compare case-insensitively. |
| invitee roles | An invitee who is also under \`users:\` with another role. (With \`users:\` present, an invitee is a wanted user with the invite's role, so nothing removes them once they join. A project member who is under neither \`users:\` nor \`invites:\` would be removed from the organization by the same plan: \`plan\` refuses that, naming the member, unless they are SCIM-managed.) |
| invite projects | An invite names a project that is not under \`projects:\` in this file, names one twice, or names an archived one. |
| member and invite roles | Someone is a member of a project as one role and invited to the same project as another. |
`;
