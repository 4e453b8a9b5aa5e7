package wire

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/lambdaconf/lambdaconf/request"
)

// TestEarlyAnswerIsRead covers a server that, like AWS for a body over the
// request limit, answers before it has read the body.
func TestEarlyAnswerIsRead(t *testing.T) {
	ep := hostile(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		http.ReadRequest(br)
		io.WriteString(c, "HTTP/1.1 413 Request Entity Too Large\r\nX-Amzn-ErrorType: RequestEntityTooLargeException\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
		time.Sleep(50 * time.Millisecond)
		c.Close()
	})
	c := newClient(t, ep, nil)
	resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "f", ZipFile: make([]byte, 8<<20)})
	if err != nil {
		t.Fatalf("an answer sent before the body was read was lost: %v", err)
	}
	if resp.Status != 413 || resp.ErrorType != "RequestEntityTooLargeException" {
		t.Errorf("got %v, want 413 RequestEntityTooLargeException", resp)
	}
}
