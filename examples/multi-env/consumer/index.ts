// A workflow project that needs the id of the CI bot's credential in its environment. It reads
// it from the credentials stack instead of hard-coding it (self-managed backends name stacks
// organization/<project>/<stack>).
import * as pulumi from "@pulumi/pulumi";

const environment = new pulumi.Config().get("environment") ?? pulumi.getStack();
const credentials = new pulumi.StackReference(`organization/skyvern-multi-env/${environment}`);

export const ciBotCredentialId = credentials.getOutput("credentialIds").apply((ids) => (ids as { ciBot: string }).ciBot);
