package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/lambdaconf/lambdaconf/fixtures"
	"github.com/lambdaconf/lambdaconf/generators"
	"github.com/lambdaconf/lambdaconf/spec"
)

// Setup creates, through run, the fixtures one check needs, all named
// after id: a function, a bucket holding a zip object and, where the
// endpoint supports versioning, a versioned object with two versions. It
// returns them as the generators' Env; Missing is id's lowercase form with
// "-nx" appended, under which nothing exists.
func Setup(ctx context.Context, run *fixtures.Run, id string, p spec.Profile) (generators.Env, error) {
	initial := Zip("index.py", "# initial code of "+id+"\n")
	fn, err := run.Function(ctx, id, initial, fixtures.FunctionOptions{})
	if err != nil {
		return generators.Env{}, fmt.Errorf("creating the fixture function %s: %w", id, err)
	}
	bucket := strings.ToLower(id)
	if err := run.Bucket(ctx, bucket, false); err != nil {
		return generators.Env{}, fmt.Errorf("creating the fixture bucket %s: %w", bucket, err)
	}
	key := "code/" + id + ".zip"
	keyZip := Zip("index.py", "# S3 code of "+id+"\n")
	if _, err := run.Object(ctx, bucket, key, keyZip); err != nil {
		return generators.Env{}, fmt.Errorf("uploading the fixture object s3://%s/%s: %w", bucket, key, err)
	}
	g := generators.Env{Profile: p, Partition: fn.Partition, Region: fn.Region, Account: fn.Account,
		Function: fn.Name, Missing: strings.ToLower(id) + "-nx", Bucket: bucket, Key: key, KeyZip: keyZip}
	vbucket := bucket + "-v"
	if err := run.Bucket(ctx, vbucket, true); err == nil {
		vkey := "versioned/" + id + ".zip"
		var versions []generators.ObjectVersion
		for i := 1; i <= 2; i++ {
			zip := Zip("index.py", fmt.Sprintf("# version %d of %s\n", i, id))
			vid, err := run.Object(ctx, vbucket, vkey, zip)
			if err != nil {
				return g, fmt.Errorf("uploading version %d of s3://%s/%s: %w", i, vbucket, vkey, err)
			}
			if vid != "" && vid != "null" {
				versions = append(versions, generators.ObjectVersion{ID: vid, Zip: zip})
			}
		}
		if len(versions) == 2 {
			g.VersionedBucket, g.VersionedKey, g.Versions = vbucket, vkey, versions
		}
	}
	if err := g.Check(); err != nil {
		return g, fmt.Errorf("the fixtures do not make a usable generators.Env: %w", err)
	}
	return g, nil
}
