package wire

import (
	"context"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/target/targettest"
)

// TestAgainstMoto checks that a real emulator routes, parses and answers
// our signed requests.
func TestAgainstMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("starts moto_server")
	}
	ep := targettest.Moto(t)
	c := newClient(t, ep, nil)
	resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "lcf-missing", ZipFile: smallZip(t)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 || resp.ErrorType != "ResourceNotFoundException" || resp.MessageKey != "message" ||
		!strings.HasPrefix(resp.Message, "Function not found: arn:aws:lambda:eu-west-1:") || !strings.HasSuffix(resp.Message, ":function:lcf-missing") {
		t.Errorf("moto answered %v (key %q), want 404 ResourceNotFoundException \"Function not found: arn:aws:lambda:eu-west-1:…:function:lcf-missing\"", resp, resp.MessageKey)
	}
	// moto routes by the service in the credential scope: a lambda-signed
	// ListFunctions reaches its Lambda handler.
	resp, err = c.Do(context.Background(), "lambda", "GET", "/2015-03-31/functions/", nil, nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || resp.JSON == nil || resp.JSON["Functions"] == nil {
		t.Errorf("ListFunctions answered %d %s", resp.Status, resp.Body)
	}
}
