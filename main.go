// Command bulwark checks CloudFormation/SAM templates and AWS accounts
// against reliability policy written in Rego.
package main

import "github.com/bulwarkhq/bulwark/cmd"

func main() { cmd.Main() }
