//go:build mage

package main

import (
	"context"
	"os"
	"os/exec"
)

func runGit(ctx context.Context, arg ...string) ([]byte, error) {
	return exec.CommandContext(ctx, "git", arg...).Output()
}

// The version: RELEASE_VERSION, else the nearest tag of the checked-out history.
func version(ctx context.Context) (string, error) {
	if v := os.Getenv("RELEASE_VERSION"); v != "" {
		return v, nil
	}
	out, err := runGit(ctx, "describe", "--tags", "--always")
	return string(out), err
}

func Build(ctx context.Context) error {
	_, err := version(ctx)
	return err
}
